#!/bin/sh
curl -X POST "https://${BITBUCKET_USER}:${BITBUCKET_PASSWORD}@api.bitbucket.org/2.0/repositories/acme/app" \
    -H "Content-Type: application/json"
if curl -X POST https://api.bitbucket.org/2.0/repositories/acme/app/src \
  --fail --show-error --silent \
  --user $BITBUCKET_USERNAME:$BITBUCKET_APP_PASSWORD \
  --form "parents=$BITBUCKET_BRANCH"; then
  echo ok
fi
if curl -X POST https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests \
  --fail --show-error --silent \
  --user $BITBUCKET_USERNAME:$BITBUCKET_APP_PASSWORD \
  -H 'content-type: application/json' \
  -d '{
    "title": "release",
    "source": {"branch": {"name": "release"}}
  }'; then
  echo created
fi
