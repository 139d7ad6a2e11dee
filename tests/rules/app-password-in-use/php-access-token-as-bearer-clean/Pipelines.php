<?php
use Symfony\Component\HttpClient\HttpClient;

$token = getenv('BITBUCKET_ACCESS_TOKEN');
$workspace = 'acme';

$client = HttpClient::create(['base_uri' => 'https://api.bitbucket.org/2.0/']);
$response = $client->request('GET', "repositories/$workspace/app/pipelines/", [
    'auth_bearer' => $token,
]);

$headers = ['Accept: application/json'];
$headers[] = 'Authorization: Bearer ' . $token;
$ch = curl_init("https://api.bitbucket.org/2.0/repositories/$workspace/app/pipelines/");
curl_setopt($ch, CURLOPT_HTTPHEADER, $headers);
curl_exec($ch);
