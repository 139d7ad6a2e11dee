#!/bin/sh
curl -H "Authorization: Bearer $TOKEN" "https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests/$PR/comments" -d @c.json
curl https://api.bitbucket.org/2.0/teams/acme/members
