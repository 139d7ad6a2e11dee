#!/bin/sh
curl -s --digest -u "$BB_USER:$BB_APP_PASSWORD" https://api.bitbucket.org/2.0/repositories/acme/app
curl -s --anyauth -u "$ATLASSIAN_EMAIL:$BB_API_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app/commits
curl -s --digest \
  -u "$BB_USER:$BB_PASS" https://api.bitbucket.org/2.0/repositories/acme/app/refs
