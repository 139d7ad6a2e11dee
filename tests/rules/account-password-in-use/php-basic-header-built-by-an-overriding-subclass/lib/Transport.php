<?php

namespace Acme\Bitbucket;

use GuzzleHttp\Client;

abstract class Transport
{
    protected const API = 'https://api.bitbucket.org/2.0';

    private $guzzle;

    public function __construct()
    {
        $this->guzzle = new Client();
    }

    abstract protected function credentials(): string;

    public function get(string $path): array
    {
        $response = $this->guzzle->request('GET', self::API . $path, [
            'headers' => ['Authorization' => $this->credentials(), 'Accept' => 'application/json'],
        ]);
        return json_decode((string) $response->getBody(), true);
    }
}
