#!/bin/bash
set -euo pipefail
API=https://api.bitbucket.org/2.0/repositories/acme/app
# the -u is on a continuation line of the curl
curl -sS -X POST \
  -u "${BB_USER}:${BB_APP_PASSWORD}" \
  "$API/refs/tags" -d '{"name": "v1"}'
TAGS=$(curl -s --user="$BB_USER:$BB_APP_PASSWORD" "$API/refs/tags")
wget -q --user "$BB_USER" --password "$BB_APP_PASSWORD" -O tags.json "$API/refs/tags"
wget -q --http-user="$BB_USER" --http-password="$BB_APP_PASSWORD" -O app.json "$API"
http -a "$BB_USER:$BB_APP_PASSWORD" GET "$API/commits"
curl -s -H "Authorization: Basic $BB_APP_PASSWORD_B64" "$API/pullrequests"
curl -su "$BB_USER:$BB_APP_PASSWORD" "$API/commits"
echo "$TAGS"
