#!/bin/sh
# expect: secret-in-logs
curl --trace-ascii - -u "$BB_EMAIL:$BB_API_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
