<?php

namespace Acme\BitbucketSync;

class Teams extends BitbucketApi
{
    public function all()
    {
        // expect: removed-api
        return $this->fetch('/teams?role=member');
    }

    public function members(string $team)
    {
        // expect: removed-api
        return $this->fetch('/teams/' . $team . '/members');
    }
}
