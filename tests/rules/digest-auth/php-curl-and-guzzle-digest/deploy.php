<?php
use GuzzleHttp\Client;

define('BB_API', 'https://api.bitbucket.org/2.0');

$ch = curl_init(BB_API . '/repositories/acme/app/refs/tags');
// expect: digest-auth
curl_setopt_array($ch, [
    CURLOPT_USERPWD => getenv('BB_USER') . ':' . getenv('BB_TOKEN'),
    CURLOPT_HTTPAUTH => CURLAUTH_DIGEST,
    CURLOPT_RETURNTRANSFER => true,
]);
$tags = curl_exec($ch);

// expect: digest-auth
$client = new Client([
    'base_uri' => BB_API . '/',
    'auth' => [getenv('BB_USER'), getenv('BB_TOKEN'), 'digest'],
]);
$client->get('repositories/acme/app/pullrequests');
