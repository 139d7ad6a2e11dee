#!/bin/sh
set -e
git clone https://x-token-auth:$REPO_TOKEN@bitbucket.org/acme/app.git work
cd work && git push origin HEAD:main
git config --global url."https://x-token-auth:${REPO_TOKEN}@bitbucket.org/".insteadOf "https://bitbucket.org/"
git push "https://x-token-auth:$(cat /run/secrets/token)@bitbucket.org/acme/app.git"
API_TOKEN=$(cat /run/secrets/api-token)
git fetch https://x-bitbucket-api-token-auth:$API_TOKEN@bitbucket.org/acme/app.git
