#!/bin/bash
# expect: secret-in-logs
env
# expect: secret-in-logs
printenv | sort
# expect: secret-in-logs
export
# expect: secret-in-logs
set
# expect: secret-in-logs
printenv BB_API_TOKEN
env | grep 'BITBUCKET_BRANCH='
env > build-env.txt
curl -sS -u "$BB_EMAIL:$BB_API_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
