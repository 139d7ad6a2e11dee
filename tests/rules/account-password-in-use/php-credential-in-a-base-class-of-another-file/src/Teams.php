<?php

namespace Acme\BitbucketSync;

class Teams extends BitbucketApi
{
    public function all()
    {
        return $this->fetch('/teams?role=member');
    }

    public function members(string $team)
    {
        return $this->fetch('/teams/' . $team . '/members');
    }
}
