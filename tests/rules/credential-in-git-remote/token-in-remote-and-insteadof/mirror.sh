#!/bin/sh
# expect: credential-in-git-remote
git remote set-url origin "https://x-token-auth:${REPO_TOKEN}@bitbucket.org/acme/app.git"
# expect: credential-in-git-remote
git config --global url."https://x-token-auth:${REPO_TOKEN}@bitbucket.org/".insteadOf "https://bitbucket.org/"
