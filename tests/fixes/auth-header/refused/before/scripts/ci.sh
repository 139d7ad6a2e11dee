#!/bin/sh
curl -s -u "$BB_USER:$BB_APP_PASSWORD" -H "Authorization: Basic $BB_BASIC" https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags
curl -s --user "$BB_USER${BB_APP_PASSWORD+:$BB_APP_PASSWORD}" https://api.bitbucket.org/2.0/repositories/acme/app/commits
