#!/bin/sh
curl -s -H "Authorization: Bearer $BB_ACCESS_TOKEN" http://api.bitbucket.org/2.0/repositories/acme/app/commits
