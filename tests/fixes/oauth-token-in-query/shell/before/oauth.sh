#!/bin/sh
API=https://api.bitbucket.org/2.0/repositories/acme
curl -s "https://api.bitbucket.org/2.0/repositories/acme?access_token=$OAUTH_TOKEN"
curl -s "https://api.bitbucket.org/2.0/repositories/acme?access_token=${OAUTH_TOKEN}&pagelen=50"
wget -q -O repos.json "https://api.bitbucket.org/2.0/repositories/acme?pagelen=50&access_token=$OAUTH_TOKEN"
