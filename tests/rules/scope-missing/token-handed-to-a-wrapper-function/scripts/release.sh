#!/bin/bash
api() {
  local method="$1"; shift
  curl -s -X "$method" -H "Authorization: Bearer $RELEASE_TOKEN" "https://api.bitbucket.org/2.0/repositories/acme/app$1" "${@:2}"
}
api GET /refs/tags
# expect: scope-missing
api POST /refs/tags -d @tag.json
