#!/bin/sh
curl --proxy http://localhost:29418 -X PUT "http://api.bitbucket.org/2.0/repositories/$BITBUCKET_REPO_OWNER/$BITBUCKET_REPO_SLUG/commit/$BITBUCKET_COMMIT/reports/scan" -d @report.json
