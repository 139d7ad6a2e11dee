#!/bin/sh
set -eu
curl -u "$BB_USER:$APP_PASSWORD" -X POST https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags -d @tag.json
curl -u "$BB_USER:$MIRROR_APP_PASSWORD" https://api.bitbucket.org/2.0/repositories/acme/app-mirror/refs/tags
