#!/bin/sh
# expect: user-credential-where-token-would-do
curl -u "$BB_USER:$BB_AUTH_PASS" -X POST "https://api.bitbucket.org/2.0/repositories/$BITBUCKET_WORKSPACE/$BITBUCKET_REPO_SLUG/refs/tags" -d '{}'
curl -u "$BB_USER:$BB_AUTH_PASS" -X POST "https://api.bitbucket.org/2.0/repositories/$BITBUCKET_WORKSPACE/$BITBUCKET_REPO_SLUG/commit/$BITBUCKET_COMMIT/statuses/build" -d '{}'
