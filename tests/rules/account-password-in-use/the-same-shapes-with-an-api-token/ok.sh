#!/bin/bash
API=https://api.bitbucket.org/2.0
CURL_OPTS=(-u "$ATLASSIAN_EMAIL:$BITBUCKET_API_TOKEN" --silent)
RESPONSE=$(curl "${CURL_OPTS[@]}" "$API/repositories/acme/app")
bb_api() { curl -s -u "$ATLASSIAN_EMAIL:$BITBUCKET_API_TOKEN" "$API$1"; }
bb_api /repositories/acme/lib
command -v curl >/dev/null
sudo -u ci curl -H "Authorization: Bearer $REPO_ACCESS_TOKEN" "$API/repositories/acme/app"
eval "curl -s $API/repositories/acme/public"
