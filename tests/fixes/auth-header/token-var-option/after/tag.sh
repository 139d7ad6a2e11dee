#!/bin/sh
curl -s -H "Authorization: Bearer $ACME_REPO_TOKEN" -X POST https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags
curl -s -u "$ACME_EMAIL:$ACME_API_TOKEN" https://api.bitbucket.org/2.0/user
