#!/bin/sh
# expect: account-password-in-use
curl -u "jdoe:$BITBUCKET_PASSWORD" https://api.bitbucket.org/2.0/user
