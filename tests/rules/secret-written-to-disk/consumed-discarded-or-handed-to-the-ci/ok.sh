#!/bin/bash
# talks to bitbucket.org
echo "$BB_API_TOKEN" > /dev/null
echo "$DOCKER_PASSWORD" | docker login --password-stdin -u ci registry.example.com
echo "$GH_TOKEN" | gh auth login --with-token
echo "BB_TOKEN=$BB_API_TOKEN" >> "$GITHUB_ENV"
echo "token=$BB_API_TOKEN" >> "$GITHUB_OUTPUT"
echo "export BB_TOKEN=$BB_API_TOKEN" >> $BASH_ENV
AUTH=$(echo -n "ci:$BB_API_TOKEN" | base64)
echo "$BB_API_TOKEN" >&2
echo "$BB_TOKEN_FILE" > path.txt
git -c http.extraHeader="Authorization: Bearer $REPO_ACCESS_TOKEN" push https://bitbucket.org/acme/app.git
git config credential.helper cache
git config --global user.name ci
env | grep 'BITBUCKET_BRANCH=' >> env.list
