#!/bin/sh
curl -X PUT -H "Authorization: Bearer $RELEASE_TOKEN" "https://api.bitbucket.org/2.0/repositories/acme/app/commit/$COMMIT/reports/lint" -d @report.json
# expect: scope-missing
curl -X POST -H "Authorization: Bearer $RELEASE_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags -d @tag.json
# expect: scope-missing
curl -X POST -H "Authorization: Bearer $RELEASE_TOKEN" "https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests/$PR/comments" -d @comment.json
