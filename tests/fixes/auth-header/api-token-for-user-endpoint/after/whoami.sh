#!/bin/sh
curl -s -u "$ATLASSIAN_EMAIL:$ATLASSIAN_API_TOKEN" https://api.bitbucket.org/2.0/user
