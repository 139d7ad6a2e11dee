#!/bin/sh
curl -s -u "$ATLASSIAN_EMAIL:$BB_API_TOKEN" "https://api.bitbucket.org/2.0/repositories/acme?access_token=$OAUTH_TOKEN"
QUERY="access_token=$OAUTH_TOKEN"
curl -s "https://api.bitbucket.org/2.0/repositories/acme?$QUERY"
curl -X POST -u "$KEY:$SECRET" https://bitbucket.org/site/oauth2/access_token -d grant_type=password -d username=me -d password=x
