#!/bin/sh
curl -s -H "Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
curl -s -u "$ATLASSIAN_EMAIL:$BB_API_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app/commits
curl -s \
  -H "Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app/refs
