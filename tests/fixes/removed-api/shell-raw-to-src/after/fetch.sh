#!/bin/sh
set -eu
curl -s -H "Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" "https://api.bitbucket.org/2.0/repositories/$WS/$REPO/src/main/VERSION" -o VERSION
curl -s -H "Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" https://bitbucket.org/api/2.0/repositories/acme/app/src/${REF}/docs/index.md
# answers differ in 2.0: left with the finding
curl -s -H "Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" https://api.bitbucket.org/1.0/repositories/acme/app/changesets?limit=5
# no 2.0 endpoint known: left with the finding
curl -s -H "Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" https://api.bitbucket.org/1.0/repositories/acme/app/services
