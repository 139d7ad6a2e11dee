#!/bin/sh
# expect: token-type-cannot-call
curl -H "Authorization: Bearer $REPO_ACCESS_TOKEN" https://api.bitbucket.org/2.0/user
# expect: token-type-cannot-call
curl -H "Authorization: Bearer $REPO_ACCESS_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app/deploy-keys -d @key.json
curl -H "Authorization: Bearer $REPO_ACCESS_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app/environments
