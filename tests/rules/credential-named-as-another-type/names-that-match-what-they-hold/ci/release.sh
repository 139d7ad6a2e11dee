#!/bin/sh
# the Atlassian API token of the release bot
BITBUCKET_API_TOKEN="${BITBUCKET_API_TOKEN:-TOKEN(api-token)}"
curl -u "$ATLASSIAN_EMAIL:$BITBUCKET_API_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
curl -H "Authorization: Bearer $REPO_ACCESS_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
git push "https://x-token-auth:$REPO_ACCESS_TOKEN@bitbucket.org/acme/app.git" main
git push "https://x-bitbucket-api-token-auth:$BITBUCKET_API_TOKEN@bitbucket.org/acme/app.git" main
