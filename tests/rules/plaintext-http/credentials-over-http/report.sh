#!/bin/sh
# expect: plaintext-http
curl -u "$ATLASSIAN_EMAIL:$BB_API_TOKEN" http://api.bitbucket.org/2.0/repositories/acme/app
