#!/bin/sh
git clone --mirror "https://x-token-auth:$MIRROR_TOKEN@bitbucket.org/acme/app.git" app.git
# expect: token-type-cannot-call
git -C app.git push --mirror "https://x-token-auth:$MIRROR_TOKEN@bitbucket.org/acme/app-backup.git"
