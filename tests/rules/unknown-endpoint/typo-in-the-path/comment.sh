#!/bin/sh
# expect: unknown-endpoint
curl -H "Authorization: Bearer $TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app/pullrequest/7/comments -d @c.json
