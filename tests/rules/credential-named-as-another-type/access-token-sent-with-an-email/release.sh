#!/bin/sh
# expect: credential-named-as-another-type
curl -u "$ATLASSIAN_EMAIL:$REPO_ACCESS_TOKEN" -X POST https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags -d '{}'
