#!/bin/sh
curl -u "$ATLASSIAN_EMAIL:$BITBUCKET_API_TOKEN" https://api.bitbucket.org/2.0/user
