#!/bin/bash
set -euo pipefail
API=https://api.bitbucket.org/2.0/repositories/acme/app
# the -u is on a continuation line of the curl
curl -sS -X POST \
  -H "Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" \
  "$API/refs/tags" -d '{"name": "v1"}'
TAGS=$(curl -s -H "Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" "$API/refs/tags")
wget -q --header="Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" -O tags.json "$API/refs/tags"
wget -q --header="Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" -O app.json "$API"
http -A bearer -a "$BITBUCKET_ACCESS_TOKEN" GET "$API/commits"
curl -s -H "Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" "$API/pullrequests"
curl -s -H "Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" "$API/commits"
echo "$TAGS"
