#!/bin/bash
# an access token: x-token-auth for git, Bearer for the API, both right
git push "https://x-token-auth:${BB_ACCESS_TOKEN}@bitbucket.org/acme/app.git" HEAD:main
curl -H "Authorization: Bearer ${BB_ACCESS_TOKEN}" https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags
# an API token: Basic on git and on the API
git push "https://x-bitbucket-api-token-auth:${BB_API_TOKEN}@bitbucket.org/acme/app.git" HEAD:main
curl -u "${ATLASSIAN_EMAIL}:${BB_API_TOKEN}" https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags
