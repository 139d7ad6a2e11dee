#!/bin/sh
# expect: user-credential-where-token-would-do
curl -H "Authorization: Bearer $BB_OAUTH_TOKEN" -X POST https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests/7/comments -d '{}'
