#!/bin/sh
git config --global url."https://x-token-auth:${REPO_TOKEN}@bitbucket.org/".insteadOf "https://bitbucket.org/"
git clone https://bitbucket.org/acme/app.git
cd app
git tag v1
# expect: scope-missing
git push origin --tags
