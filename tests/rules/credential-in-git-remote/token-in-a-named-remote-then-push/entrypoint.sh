#!/bin/sh
# the remote is stored with the token (reported there), then used by name (not reported again)
ACCESS_TOKEN=$(curl -s -X POST -u "$CLIENT_KEY:$CLIENT_SECRET" -d grant_type=client_credentials https://bitbucket.org/site/oauth2/access_token | jq -r .access_token)
NEW_ORIGIN="https://x-token-auth:$ACCESS_TOKEN@$INPUT_REPOSITORY"
git remote add old "$OLD_ORIGIN"
# expect: credential-in-git-remote
git remote add new "$NEW_ORIGIN"
git fetch --unshallow old
git push --no-verify -f new "$BRANCH"
git ls-remote new
