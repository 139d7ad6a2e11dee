#!/bin/bash
set -euo pipefail
# expect: token-wider-than-repository
git remote add bitbucket "https://x-bitbucket-api-token-auth:${BITBUCKET_API_TOKEN}@bitbucket.org/acme/app.git"
git ls-remote bitbucket
git push bitbucket --all --force
git push bitbucket --tags --force
