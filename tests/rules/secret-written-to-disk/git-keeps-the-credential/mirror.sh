#!/bin/sh
# expect: secret-written-to-disk
git config --global http.https://bitbucket.org/.extraheader "Authorization: Bearer $REPO_ACCESS_TOKEN"
# expect: secret-written-to-disk
git config credential.helper store
git push "https://x-token-auth:$REPO_ACCESS_TOKEN@bitbucket.org/acme/app.git" main
