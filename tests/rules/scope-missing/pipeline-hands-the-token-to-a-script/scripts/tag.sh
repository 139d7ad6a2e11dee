#!/bin/sh
# expect: scope-missing
curl -X POST -H "Authorization: Bearer $RELEASE_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags -d @tag.json
