#!/bin/sh
curl -H "Authorization: Bearer $BB_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
# expect: mixed-auth-scheme
curl -u "x-token-auth:$BB_TOKEN" -X POST https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags -d @tag.json
