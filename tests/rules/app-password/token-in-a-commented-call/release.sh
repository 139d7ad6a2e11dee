#!/bin/bash
# A secret in a comment is committed all the same: still reported.
# expect: app-password
# curl -u jdoe:TOKEN(app-password) https://api.bitbucket.org/2.0/user
curl -H "Authorization: Bearer $BITBUCKET_ACCESS_TOKEN" https://api.bitbucket.org/2.0/user
