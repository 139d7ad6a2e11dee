#!/bin/bash
# Old way, kept for reference:
# curl -u "jdoe:$BITBUCKET_PASSWORD" https://api.bitbucket.org/2.0/user
#   wget --user jdoe --password "$BITBUCKET_PASSWORD" https://api.bitbucket.org/2.0/user
curl -H "Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app  # was: curl -u "jdoe:$BITBUCKET_PASSWORD" https://api.bitbucket.org/2.0/user
