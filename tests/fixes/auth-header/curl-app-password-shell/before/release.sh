#!/bin/sh
set -eu
# tag the release
curl -s -u "$BB_USER:$BB_APP_PASSWORD" -X POST \
  https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags -d "{}"
curl --user jdoe:TOKEN(app-password) https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests
