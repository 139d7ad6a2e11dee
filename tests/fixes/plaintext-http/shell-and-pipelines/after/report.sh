#!/bin/sh
curl -s -H "Authorization: Bearer $BB_ACCESS_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app/commits
