#!/bin/sh
# expect: oauth-token-in-query
curl "https://api.bitbucket.org/2.0/repositories/acme?access_token=$TOKEN"
# expect: oauth-token-in-query
curl -X POST -u "$KEY:$SECRET" https://bitbucket.org/site/oauth2/access_token -d grant_type=password -d username=me -d password=x
