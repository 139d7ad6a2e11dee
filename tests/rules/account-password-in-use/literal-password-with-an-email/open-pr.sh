#!/bin/sh
# expect: account-password-in-use
curl -u jane.doe@example.com:Hunter2-hunter2 -X POST https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests -d '{}'
