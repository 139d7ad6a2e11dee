#!/bin/bash
# the trace block expands a GitHub token first, then the Bitbucket one: one finding, for Bitbucket's
# expect: secret-in-logs
set -x
git clone --mirror "https://x-access-token:$GITHUB_TOKEN@github.com/acme/app.git" app
git -C app push --mirror "https://x-token-auth:$REPO_TOKEN@bitbucket.org/acme/app.git"
