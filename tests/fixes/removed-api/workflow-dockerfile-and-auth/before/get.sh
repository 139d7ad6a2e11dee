#!/bin/sh
curl -u "$BB_USER:$BB_APP_PASSWORD" https://api.bitbucket.org/1.0/repositories/acme/app/raw/main/VERSION
