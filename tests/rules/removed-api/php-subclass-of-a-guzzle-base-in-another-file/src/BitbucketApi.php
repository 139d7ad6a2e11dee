<?php

namespace Acme\BitbucketSync;

use GuzzleHttp\Client;

abstract class BitbucketApi
{
    protected const ROOT = 'https://api.bitbucket.org/2.0';

    public function __construct()
    {
        $this->http = new Client();
    }

    protected function fetch(string $path)
    {
        $res = $this->http->request('GET', self::ROOT . $path, [
            'auth' => [getenv('BB_USER'), getenv('BB_PASSWORD')],
        ]);
        return json_decode($res->getBody()->getContents());
    }
}
