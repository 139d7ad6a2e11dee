#!/bin/sh
git push --mirror "https://x-token-auth:${MIRROR_TOKEN}@bitbucket.org/acme/app.git"
