#!/bin/bash
# A variable that holds one name cannot make a wrong path right.
ORG=
# expect: unknown-endpoint
curl -s -H "Authorization: Bearer $BB_TOKEN" "https://api.bitbucket.org/2.0/repositories/$ORG/$REPO_SLUG/pullrequest/7"
