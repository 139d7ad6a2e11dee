#!/bin/sh
# expect: credential-named-as-another-type
API_TOKEN="TOKEN(app-password)"
curl -u "$BB_USER:$API_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
