#!/bin/sh
# an API token (Basic with the account email) used on one repository only
# expect: token-wider-than-repository
curl -u "$BOT_EMAIL:$ATLASSIAN_API_TOKEN" -X POST https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags -d '{}'
