#!/bin/sh
# HTTPie's `http` command sends plain http when the URL has no scheme; `https` does not
# expect: plaintext-http
http -a "$ATLASSIAN_EMAIL:$BITBUCKET_API_TOKEN" POST api.bitbucket.org/2.0/repositories/acme/app/refs/tags name=v1
https -a "$ATLASSIAN_EMAIL:$BITBUCKET_API_TOKEN" POST api.bitbucket.org/2.0/repositories/acme/app/refs/tags name=v2
