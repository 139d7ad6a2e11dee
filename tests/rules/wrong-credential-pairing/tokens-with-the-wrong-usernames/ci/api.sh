#!/bin/sh
# expect: wrong-credential-pairing
curl -u "x-token-auth:$REPO_ACCESS_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
# expect: wrong-credential-pairing
curl -u "jdoe:$BITBUCKET_API_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
