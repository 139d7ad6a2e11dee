#!/bin/sh
git config --global credential.helper store
echo "https://jdoe:$BB_APP_PASSWORD@bitbucket.org" > ~/.git-credentials
git clone https://bitbucket.org/acme/app.git
