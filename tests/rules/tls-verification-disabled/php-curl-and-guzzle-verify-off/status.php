<?php
$token = getenv('BITBUCKET_ACCESS_TOKEN');
$ch = curl_init();
curl_setopt($ch, CURLOPT_URL, 'https://api.bitbucket.org/2.0/repositories/acme/app/commit/abc123/statuses/build');
curl_setopt($ch, CURLOPT_HTTPHEADER, array('Authorization: Bearer ' . $token, 'Content-Type: application/json'));
curl_setopt($ch, CURLOPT_POST, 1);
curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, false);
curl_setopt($ch, CURLOPT_SSL_VERIFYHOST, 0);
// expect: tls-verification-disabled
$result = curl_exec($ch);

$guzzle = new \GuzzleHttp\Client(['verify' => false]);
// expect: tls-verification-disabled
$guzzle->post('https://api.bitbucket.org/2.0/repositories/acme/app/commit/abc123/statuses/build', [
    'headers' => ['Authorization' => "Bearer {$token}"],
]);
