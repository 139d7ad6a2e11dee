#!/bin/sh
curl -u "$BOT_EMAIL:$BOT_API_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app/deploy-keys -d @key.json
