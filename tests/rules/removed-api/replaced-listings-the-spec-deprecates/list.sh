#!/bin/sh
# expect: removed-api
curl -s -H "Authorization: Bearer $BB_TOKEN" "https://api.bitbucket.org/2.0/repositories?role=member"
# expect: removed-api
curl -s -H "Authorization: Bearer $BB_TOKEN" https://api.bitbucket.org/2.0/workspaces
# expect: removed-api
curl -s -u "$BB_EMAIL:$BB_API_TOKEN" https://api.bitbucket.org/2.0/user/permissions/repositories
curl -s -u "$BB_EMAIL:$BB_API_TOKEN" https://api.bitbucket.org/2.0/user/workspaces
