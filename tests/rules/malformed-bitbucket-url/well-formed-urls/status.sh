#!/bin/bash
API="https://api.bitbucket.org/2.0"
curl -s -H "Authorization: Bearer $BB_TOKEN" "$API/repositories/acme/app/commit/$BITBUCKET_COMMIT/statuses/build" -d @s.json
curl -s -H "Authorization: Bearer $BB_TOKEN" "https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests?state=OPEN"
curl -s -H "Authorization: Bearer $BB_TOKEN" "https://api.bitbucket.org/${API_VERSION}/repositories/acme/app"
curl -s -u "$BB_USER:$BB_API_TOKEN" "https://bitbucket.org/api/2.0/repositories/acme/app"
curl -sL "https://bitbucket.org/acme/app/downloads/tool.tgz" -o tool.tgz
git clone "https://x-token-auth:$BB_TOKEN@bitbucket.org/acme/app.git"
