#!/bin/bash
set -e
# expect: secret-written-to-disk
curl -s -X POST -u "$BB_CLIENT_ID:$BB_CLIENT_SECRET" https://bitbucket.org/site/oauth2/access_token -d grant_type=client_credentials > authinfo.json
# expect: secret-written-to-disk
jq -r '.access_token' authinfo.json > auth.txt
# expect: secret-written-to-disk
curl -s -X POST -u "$BB_CLIENT_ID:$BB_CLIENT_SECRET" -o token.json https://bitbucket.org/site/oauth2/access_token -d grant_type=client_credentials
# expect: secret-written-to-disk
curl -s -X POST -u "$BB_CLIENT_ID:$BB_CLIENT_SECRET" https://bitbucket.org/site/oauth2/access_token -d grant_type=client_credentials | jq -r .access_token > .token
ACCESS_TOKEN=$(curl -s -X POST -u "$BB_CLIENT_ID:$BB_CLIENT_SECRET" https://bitbucket.org/site/oauth2/access_token -d grant_type=client_credentials | jq -r .access_token)
# expect: secret-written-to-disk
echo $ACCESS_TOKEN > token.txt
jq -r '.expires_in' authinfo.json > expiry.txt
curl -s -o /dev/null https://bitbucket.org/site/oauth2/access_token
curl -s -X POST -u "$BB_CLIENT_ID:$BB_CLIENT_SECRET" https://bitbucket.org/site/oauth2/access_token -d grant_type=client_credentials | jq -r .expires_in > expiry.txt
