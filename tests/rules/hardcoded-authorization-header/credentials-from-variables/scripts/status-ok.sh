#!/bin/sh
curl -u "$BB_USER:$BB_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
