#!/bin/sh
curl -s -u "$BB_USER:$BB_APP_PASSWORD" -X POST https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags
curl -s -u "$BB_USER:$BB_PASSWORD" https://api.bitbucket.org/2.0/user
