#!/bin/sh
curl -s -u "$BB_USER:$BB_PASSWORD" https://api.bitbucket.org/2.0/user
