#!/bin/bash
# expect: secret-in-logs
set -ex
# expect: secret-in-logs
echo "using $BB_API_TOKEN"
# expect: secret-in-logs
curl -v -H "Authorization: Bearer $REPO_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
