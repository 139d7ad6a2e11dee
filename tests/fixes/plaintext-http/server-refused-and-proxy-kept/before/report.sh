#!/bin/sh
curl -s --proxy http://localhost:29418 -u "$ATLASSIAN_EMAIL:$BB_API_TOKEN" -X PUT "http://api.bitbucket.org/2.0/repositories/acme/app/commit/$BITBUCKET_COMMIT/reports/scan" -d @report.json
curl -s -u "$ATLASSIAN_EMAIL:$BB_API_TOKEN" http://api.bitbucket.org/2.0/repositories/acme/app/commits
