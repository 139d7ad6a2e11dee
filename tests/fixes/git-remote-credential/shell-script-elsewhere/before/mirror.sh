#!/bin/bash
set -euo pipefail
# mirror the release to the other workspace
git push --mirror https://jdoe:$BB_APP_PASSWORD@bitbucket.org/acme-mirror/app.git
git push "https://x-token-auth:${MIRROR_TOKEN}@bitbucket.org/acme-mirror/tools.git" HEAD:main
git ls-remote https://x-bitbucket-api-token-auth:$ATLASSIAN_API_TOKEN@bitbucket.org/acme/app.git
git fetch https://deploy:TOKEN(app-password)@bitbucket.org/acme/lib.git main
git remote add upstream https://x-token-auth:$MIRROR_TOKEN@bitbucket.org/acme/app.git
git fetch upstream
git push https://"$BB_USER:$BB_PASSWORD"@bitbucket.org/acme-mirror/app.git --all --force
git ls-remote https://x-token-auth:${BB_APP_PASSWORD}@bitbucket.org/acme/app.git
