#!/bin/bash
# expect: malformed-bitbucket-url
curl -s -H "Authorization: Bearer $BB_TOKEN" https:/api.bitbucket.org/2.0/repositories/acme/app/commit/$BITBUCKET_COMMIT/statuses/build -d @s.json
# expect: malformed-bitbucket-url
curl -s -H "Authorization: Bearer $BB_TOKEN" "https:/k/api.bitbucket.org/2.0/repositories/acme/app"
# expect: malformed-bitbucket-url
curl -s -H "Authorization: Bearer $BB_TOKEN" "https://api.bitbucket.org/repositories/acme/app/pullrequests"
API="https://api.bitbucket.org/2.0/"
# expect: malformed-bitbucket-url
curl -s -H "Authorization: Bearer $BB_TOKEN" "$API/repositories/acme/app/refs/tags"
# expect: malformed-bitbucket-url
wget -q --header "Authorization: Bearer $BB_TOKEN" http:/api.bitbucket.org/2.0/user
