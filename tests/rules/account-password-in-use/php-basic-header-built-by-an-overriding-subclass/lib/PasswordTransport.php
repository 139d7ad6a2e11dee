<?php

namespace Acme\Bitbucket;

class PasswordTransport extends Transport
{
    private $user;
    private $password;

    public function __construct(string $user, string $password)
    {
        parent::__construct();
        $this->user = $user;
        $this->password = $password;
    }

    protected function credentials(): string
    {
        // expect: account-password-in-use
        return 'Basic ' . base64_encode($this->user . ':' . $this->password);
    }
}
