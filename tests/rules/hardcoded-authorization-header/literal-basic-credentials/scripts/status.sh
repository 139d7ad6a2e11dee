#!/bin/sh
# expect: hardcoded-authorization-header
curl -u ci-bot:Wq7rT2pLm4Kx https://api.bitbucket.org/2.0/repositories/acme/app
