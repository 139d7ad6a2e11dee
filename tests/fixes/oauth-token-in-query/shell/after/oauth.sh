#!/bin/sh
API=https://api.bitbucket.org/2.0/repositories/acme
curl -H "Authorization: Bearer $OAUTH_TOKEN" -s "https://api.bitbucket.org/2.0/repositories/acme"
curl -H "Authorization: Bearer ${OAUTH_TOKEN}" -s "https://api.bitbucket.org/2.0/repositories/acme?pagelen=50"
wget --header="Authorization: Bearer $OAUTH_TOKEN" -q -O repos.json "https://api.bitbucket.org/2.0/repositories/acme?pagelen=50"
