#!/bin/sh
# expect: wrong-credential-pairing
curl -u "x-token-auth:$BB_SECRET" -X POST "https://api.bitbucket.org/2.0/repositories/acme/app/commit/$COMMIT/statuses/build" -d '{}'
