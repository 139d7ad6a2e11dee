<?php

namespace Acme\Bitbucket;

class TokenTransport extends Transport
{
    private $accessToken;

    public function __construct(string $accessToken)
    {
        parent::__construct();
        $this->accessToken = $accessToken;
    }

    protected function credentials(): string
    {
        return "Bearer {$this->accessToken}";
    }
}
