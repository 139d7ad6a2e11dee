#!/bin/sh
set -e
git tag "v$1"
git push "https://x-token-auth:${REPO_TOKEN}@bitbucket.org/${BITBUCKET_REPO_FULL_NAME}.git" "v$1"
