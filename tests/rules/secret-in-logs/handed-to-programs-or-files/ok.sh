#!/bin/bash
# talks to bitbucket.org
echo "$DOCKER_PASSWORD" | docker login --password-stdin -u ci registry.example.com
echo "$BB_API_TOKEN" | gh auth login --with-token
echo "BB_TOKEN=$BB_API_TOKEN" >> "$GITHUB_ENV"
echo "$BB_API_TOKEN" > token.txt
echo -n "ci:$BB_API_TOKEN" | base64 > auth.b64
AUTH=$(echo -n "ci:$BB_API_TOKEN" | base64)
curl -H "Authorization: Basic $(echo -n "ci:$BB_API_TOKEN" | base64)" https://api.bitbucket.org/2.0/user
echo "calling the API as $BB_USER with ${BB_TOKEN_FILE}"
env FOO=1 ./build.sh
