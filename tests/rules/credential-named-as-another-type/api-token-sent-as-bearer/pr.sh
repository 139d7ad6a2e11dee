#!/bin/bash
echo "open the pull request"
# expect: credential-named-as-another-type
curl --request POST \
    --url "https://api.bitbucket.org/2.0/repositories/acme/web/pullrequests" \
    --header "Content-Type: application/json" \
    --header "Authorization: Bearer ${BITBUCKET_API_TOKEN}" \
    --data '{"title": "hotfix", "source": {"branch": {"name": "hotfix"}}}'
# expect: credential-named-as-another-type
git -c http.extraHeader="Authorization: Bearer $BB_APP_PASSWORD" push https://bitbucket.org/acme/web.git main
# What the names say is how they are sent.
curl -H "Authorization: Bearer $REPO_ACCESS_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/web
curl -H "Authorization: Bearer $TOKEN" https://api.bitbucket.org/2.0/repositories/acme/web
curl -u "$ATLASSIAN_EMAIL:$BITBUCKET_API_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/web
