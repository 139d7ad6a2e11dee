#!/bin/sh
curl -H "Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" "https://api.bitbucket.org/2.0/repositories/acme/app/refs?access_token=$(cat tok)"
curl -H "Authorization: Bearer $TOKEN" "https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests"
