#!/bin/sh
curl -u "$BOT_EMAIL:$RELEASE_TOKEN" -X POST https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags -d @tag.json
