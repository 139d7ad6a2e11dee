#!/bin/sh
# BITBUCKET_API_TOKEN: the Bitbucket app password of the sync bot
# expect: credential-named-as-another-type
curl -u "$BB_USER:$BITBUCKET_API_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
