#!/bin/bash
# Count open pull requests: the shapes real scripts use (options in an array, a wrapper
# function, a relative path, a call inside $(…), a secret saved for later).
CURL_OPTS=(-sS -u "$BB_USER:$BB_APP_PASSWORD")
API="https://api.bitbucket.org/2.0"

bb_get() {
  curl "${CURL_OPTS[@]}" "$API$1"
}

OPEN=$(bb_get "/repositories/$BITBUCKET_REPO_FULL_NAME/pullrequests?state=OPEN" | jq .size)
echo "open pull requests: $OPEN"
echo "$BB_APP_PASSWORD" > .bb-credentials
