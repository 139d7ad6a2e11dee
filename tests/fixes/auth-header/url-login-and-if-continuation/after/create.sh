#!/bin/sh
curl -H "Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" -X POST "https://api.bitbucket.org/2.0/repositories/acme/app" \
    -H "Content-Type: application/json"
if curl -X POST https://api.bitbucket.org/2.0/repositories/acme/app/src \
  --fail --show-error --silent \
  -H "Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" \
  --form "parents=$BITBUCKET_BRANCH"; then
  echo ok
fi
if curl -X POST https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests \
  --fail --show-error --silent \
  -H "Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" \
  -H 'content-type: application/json' \
  -d '{
    "title": "release",
    "source": {"branch": {"name": "release"}}
  }'; then
  echo created
fi
