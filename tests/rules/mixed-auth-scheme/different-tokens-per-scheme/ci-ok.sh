#!/bin/sh
curl -H "Authorization: Bearer $BB_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
curl -u "$ATLASSIAN_EMAIL:$BB_API_TOKEN" https://api.bitbucket.org/2.0/user
