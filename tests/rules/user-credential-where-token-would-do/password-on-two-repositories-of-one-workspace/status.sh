#!/bin/sh
# expect: user-credential-where-token-would-do
curl -u "$BB_USER:$BB_PASS" -X POST "https://api.bitbucket.org/2.0/repositories/acme/app/commit/$C/statuses/build" -d '{}'
curl -u "$BB_USER:$BB_PASS" "https://api.bitbucket.org/2.0/repositories/acme/site/pullrequests"
