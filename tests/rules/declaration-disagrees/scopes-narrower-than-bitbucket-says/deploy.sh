#!/bin/sh
curl -H "Authorization: Bearer $DEPLOY_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app/src
