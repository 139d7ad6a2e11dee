#!/bin/sh
set -eu
# tag the release
curl -s -H "Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" -X POST \
  https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags -d "{}"
curl -H "Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests
