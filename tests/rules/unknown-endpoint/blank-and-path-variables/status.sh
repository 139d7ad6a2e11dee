#!/bin/bash
# Fill in ORG before use.
ORG=
REPO=""

bb_get() {
  curl -sf -H "Authorization: Bearer $BB_TOKEN" "https://api.bitbucket.org/2.0/$1"
}

bb_api() {
  local path="$1"
  curl -sf -H "Authorization: Bearer $BB_TOKEN" "https://api.bitbucket.org/2.0/repositories/${path}/pullrequests"
}

curl -s -H "Authorization: Bearer $BB_TOKEN" -X POST "https://api.bitbucket.org/2.0/repositories/$ORG/$REPO/commit/$SHA/statuses/build" -d @s.json
curl -s -H "Authorization: Bearer $BB_TOKEN" "https://api.bitbucket.org/2.0/repositories/$ORG/$RESOURCE_PATH/diffstat"
curl -s -H "Authorization: Bearer $BB_TOKEN" "https://api.bitbucket.org/2.0/repositories/$(cat .bb-repo)/refs/tags"
