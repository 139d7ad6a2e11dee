#!/bin/sh
curl -u "$BB_USER:$BB_APP_PASSWORD" "https://api.bitbucket.org/2.0/repositories/acme/app/refs?access_token=$(cat tok)"
curl "https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests?access_token=$TOKEN"
