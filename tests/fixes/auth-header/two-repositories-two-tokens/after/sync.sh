#!/bin/sh
set -eu
curl -H "Authorization: Bearer $APP_ACCESS_TOKEN" -X POST https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags -d @tag.json
curl -H "Authorization: Bearer $APP_MIRROR_ACCESS_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app-mirror/refs/tags
