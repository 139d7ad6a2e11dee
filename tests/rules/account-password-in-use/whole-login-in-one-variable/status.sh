#!/bin/bash
# BITBUCKET_CREDENTIALS holds the whole login (username:password)
set_status() {
  if [ -n "$BITBUCKET_CREDENTIALS" ]; then
    # expect: account-password-in-use
    curl -u $BITBUCKET_CREDENTIALS \
      -X POST -H "Content-Type: application/json" -d "{\"state\": \"$1\"}" \
      "https://api.bitbucket.org/2.0/repositories/$ORG/$REPO/commit/$SHA/statuses/build"
  fi
}
# expect: account-password-in-use
curl --user "$BB_AUTH" https://api.bitbucket.org/2.0/repositories/acme/app
