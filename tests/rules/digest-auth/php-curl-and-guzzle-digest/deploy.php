<?php
use GuzzleHttp\Client;

define('BB_API', 'https://api.bitbucket.org/2.0');

$ch = curl_init(BB_API . '/repositories/acme/app/refs/tags');
curl_setopt_array($ch, [
    CURLOPT_USERPWD => getenv('BB_USER') . ':' . getenv('BB_TOKEN'),
    CURLOPT_HTTPAUTH => CURLAUTH_DIGEST,
    CURLOPT_RETURNTRANSFER => true,
]);
// expect: digest-auth
$tags = curl_exec($ch);

$client = new Client([
    'base_uri' => BB_API . '/',
    'auth' => [getenv('BB_USER'), getenv('BB_TOKEN'), 'digest'],
]);
// expect: digest-auth
$client->get('repositories/acme/app/pullrequests');
