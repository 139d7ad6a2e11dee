#!/bin/bash
set -eu
# expect: secret-in-logs
set -o xtrace
curl -sS -u "$BB_EMAIL:$BB_API_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
set +x
curl -sS -u "$BB_EMAIL:$BB_API_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
# expect: secret-in-logs
set -x
docker login -u ci -p "$BB_API_TOKEN" registry.example.com
