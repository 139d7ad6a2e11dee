#!/bin/sh
# The remote is stored once and used by the push: reported where the app password is placed.
# expect: app-password-in-use
git remote add mirror "https://$BB_USER:$BB_APP_PASSWORD@bitbucket.org/acme/mirror.git"
git fetch origin
git push mirror --all
# expect: app-password-in-use
git -c credential.helper='!f() { echo username=$BB_USER; echo "password=$BITBUCKET_APP_PASSWORD"; }; f' push https://bitbucket.org/acme/app.git main
# expect: app-password-in-use
echo "https://$BB_USER:$APP_PASSWORD@bitbucket.org" > ~/.git-credentials
git config --global credential.helper store
git push https://bitbucket.org/acme/other.git main
# An access token with its own username is no app password.
git push "https://x-token-auth:$REPO_ACCESS_TOKEN@bitbucket.org/acme/app.git" main
# A Data Center host: its HTTP tokens are not this rule's, whatever the variable says.
git push "https://x-token-auth:$BB_APP_PASSWORD@bitbucket.example.com/scm/acme/app.git" main
