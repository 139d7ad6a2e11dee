#!/bin/sh
curl -H "Authorization: Bearer $REPO_ACCESS_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
curl -u "$ATLASSIAN_EMAIL:$BITBUCKET_API_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
git clone https://x-token-auth:$REPO_ACCESS_TOKEN@bitbucket.org/acme/app.git
