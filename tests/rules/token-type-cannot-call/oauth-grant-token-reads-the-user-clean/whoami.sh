#!/bin/sh
# The token an OAuth consumer was granted may read the user.
curl -H "Authorization: Bearer $BITBUCKET_OAUTH_TOKEN" https://api.bitbucket.org/2.0/user
