#!/bin/bash
BITBUCKET_TOKEN=$(cat /run/secrets/bitbucket_token)
BB_PASSWORD=$(vault read -field=password secret/ci/bitbucket)
BITBUCKET_SECRET="param:/prod/ci/bitbucket-token"
BB_TOKEN_ARN="arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/bitbucket"
BITBUCKET_ACCESS_TOKEN=op://ci/bitbucket/token
curl -H "Authorization: Bearer $BITBUCKET_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
