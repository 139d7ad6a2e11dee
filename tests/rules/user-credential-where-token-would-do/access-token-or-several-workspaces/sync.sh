#!/bin/sh
curl -H "Authorization: Bearer $REPO_ACCESS_TOKEN" -X POST https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags -d '{}'
curl -u "$BB_USER:$BB_APP_PASSWORD" https://api.bitbucket.org/2.0/repositories/acme/app
curl -u "$BB_USER:$BB_APP_PASSWORD" https://api.bitbucket.org/2.0/repositories/globex/site
curl -u "$BB_USER:$BB_APP_PASSWORD" https://api.bitbucket.org/2.0/user
