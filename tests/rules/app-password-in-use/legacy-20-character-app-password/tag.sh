#!/bin/sh
# expect: app-password-in-use
curl -u "jdoe:Kq3ZrT8wLm2NvB5xYc7D" -X POST https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags -d '{}'
