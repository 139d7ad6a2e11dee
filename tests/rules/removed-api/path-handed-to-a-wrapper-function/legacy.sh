#!/bin/bash
API=https://api.bitbucket.org
bb() {
  curl -s -H "Authorization: Bearer $REPO_TOKEN" "$API$1"
}
members() { bb "/2.0/teams/$1/members"; }
# expect: removed-api
bb /1.0/repositories/acme/app/issues
# expect: removed-api
members acme
bb /2.0/repositories/acme/app
# expect: removed-api
ISSUES=$(curl -s -H "Authorization: Bearer $REPO_TOKEN" "$API/1.0/repositories/acme/app/issues")
