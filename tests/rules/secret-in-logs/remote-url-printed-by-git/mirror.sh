#!/bin/bash
set -euo pipefail
git remote add bitbucket "https://${BITBUCKET_USERNAME}:${BITBUCKET_API_TOKEN}@bitbucket.org/${BITBUCKET_REPO}.git"
echo "Validating Bitbucket remote..."
# expect: secret-in-logs
git remote get-url bitbucket
# expect: secret-in-logs
git remote -v
git remote get-url origin
URL=$(git remote get-url bitbucket)
git remote get-url bitbucket > /dev/null
git remote -v | grep -q bitbucket
git config remote.backup.url "https://x-token-auth:${BB_ACCESS_TOKEN}@bitbucket.org/acme/backup.git"
# expect: secret-in-logs
git config --get remote.backup.url
git push bitbucket HEAD:main
