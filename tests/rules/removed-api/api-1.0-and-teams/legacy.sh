#!/bin/sh
# expect: removed-api
curl -H "Authorization: Bearer $T" https://bitbucket.org/api/1.0/repositories/acme/app/issues
# expect: removed-api
curl -H "Authorization: Bearer $T" https://api.bitbucket.org/2.0/teams/acme/members
