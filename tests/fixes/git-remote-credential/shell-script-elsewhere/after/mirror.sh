#!/bin/bash
set -euo pipefail
# mirror the release to the other workspace
git -c credential.helper= -c credential.helper='!f() { echo username=x-bitbucket-api-token-auth; echo "password=$ATLASSIAN_API_TOKEN"; }; f' push --mirror https://bitbucket.org/acme-mirror/app.git
git -c http.extraHeader="Authorization: Bearer $MIRROR_TOKEN" push "https://bitbucket.org/acme-mirror/tools.git" HEAD:main
git -c credential.helper= -c credential.helper='!f() { echo username=x-bitbucket-api-token-auth; echo "password=$ATLASSIAN_API_TOKEN"; }; f' ls-remote https://bitbucket.org/acme/app.git
git -c http.extraHeader="Authorization: Bearer $LIB_ACCESS_TOKEN" fetch https://bitbucket.org/acme/lib.git main
git remote add upstream https://x-token-auth:$MIRROR_TOKEN@bitbucket.org/acme/app.git
git fetch upstream
git -c http.extraHeader="Authorization: Bearer $APP_ACCESS_TOKEN" push https://bitbucket.org/acme-mirror/app.git --all --force
git -c credential.helper= -c credential.helper='!f() { echo username=x-bitbucket-api-token-auth; echo "password=$ATLASSIAN_API_TOKEN"; }; f' ls-remote https://bitbucket.org/acme/app.git
