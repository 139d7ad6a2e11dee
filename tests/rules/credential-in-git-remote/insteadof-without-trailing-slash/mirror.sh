#!/bin/bash
# expect: credential-in-git-remote
git config --global url."https://x-token-auth:${REPO_TOKEN}@bitbucket.org".insteadOf "https://bitbucket.org"
# expect: credential-in-git-remote
git config --global url."https://x-token-auth:${REPO_TOKEN}@bitbucket.org/".pushInsteadOf "git@bitbucket.org:"
git clone https://bitbucket.org/acme/app.git
git push git@bitbucket.org:acme/app.git main
