#!/bin/sh
BB_PASSWORD="${BB_PASSWORD:-TOKEN(api-token)}"
curl -u "$ATLASSIAN_EMAIL:$BB_PASSWORD" https://api.bitbucket.org/2.0/user
curl -u "x-token-auth:$BB_PASS" https://api.bitbucket.org/2.0/repositories/acme/app
