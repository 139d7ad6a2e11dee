#!/bin/bash
BASE="https://api.bitbucket.org/2.0/"
# expect: account-password-in-use
curl -u "$BB_USER:$BB_PASSWORD" "${BASE}repositories/$WS/$SLUG"
export ROOT=${BB_ROOT:-https://api.bitbucket.org}
readonly REPOS=$ROOT/2.0/repositories
# expect: account-password-in-use
curl -u "$BB_USER:$BB_PASSWORD" "$REPOS/acme/app/pullrequests"
declare -r ONE="$ROOT/2.0/repositories/acme/app"
# expect: account-password-in-use
curl -u "$BB_USER:$BB_PASSWORD" "$ONE/commits"
