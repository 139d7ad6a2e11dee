#!/bin/sh
# expect: tls-verification-disabled
curl -sk -H "Authorization: Bearer $REPO_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
