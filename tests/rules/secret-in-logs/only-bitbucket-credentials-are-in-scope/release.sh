#!/usr/bin/env bash
# Docker Hub and GitHub credentials: secrets, but not Bitbucket's (low confidence only)
set -ex
echo ${DOCKERHUB_PASSWORD} | docker login --username "$DOCKERHUB_USERNAME" --password-stdin
echo "GitHub token: $gh_token"
echo "file $REPO_FILE not found in $PWD"
git push origin "${BITBUCKET_BRANCH}"
