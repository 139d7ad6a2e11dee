<?php

namespace Acme\Bitbucket;

use GuzzleHttp\Client;

class ApiClient
{
    protected const BASE_URL = 'https://api.bitbucket.org/2.0';

    private $client;
    private $uri;

    public function __construct(string $uri)
    {
        $this->client = new Client();
        $this->uri = $uri;
    }

    public function send(string $token): array
    {
        $response = $this->client->request('GET', self::BASE_URL . $this->uri, [
            'headers' => ['Authorization' => "Bearer {$token}"],
        ]);
        return json_decode($response->getBody()->getContents(), true);
    }
}
