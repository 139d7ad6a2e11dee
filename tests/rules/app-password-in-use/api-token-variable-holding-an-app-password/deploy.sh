#!/bin/sh
API_TOKEN="${API_TOKEN:-TOKEN(app-password)}"
# expect: app-password-in-use
curl -u "$BB_USER:$API_TOKEN" -X POST https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags -d '{}'
