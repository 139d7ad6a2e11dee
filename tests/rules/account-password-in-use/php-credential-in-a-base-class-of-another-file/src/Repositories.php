<?php

namespace Acme\BitbucketSync;

class Repositories extends BitbucketApi
{
    public function inWorkspace(string $workspace)
    {
        return $this->fetch('/repositories/' . $workspace);
    }
}
