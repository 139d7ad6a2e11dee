#!/bin/sh
curl -H "Authorization: Bearer $BB_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
# Basic with x-token-auth never worked for the REST API:
# curl -u "x-token-auth:$BB_TOKEN" -X POST https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags -d @tag.json
