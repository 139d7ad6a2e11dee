#!/bin/sh
# the ways Atlassian recommends: the credential never sits in a remote URL
git -c http.extraHeader="Authorization: Bearer $REPO_TOKEN" clone https://bitbucket.org/acme/app.git
git config --global http.https://bitbucket.org/.extraheader "Authorization: Bearer $REPO_TOKEN"
git push https://bitbucket.org/acme/app.git main
git config --global credential.helper '!f() { echo username=x-token-auth; echo "password=$REPO_TOKEN"; }; f'
git remote add mirror https://bitbucket.org/acme/mirror.git
git push mirror --all
