#!/bin/sh
# expect: api-token
curl -H "Authorization: Basic BASE64(jdoe@acme.com:TOKEN(api-token))" https://api.bitbucket.org/2.0/user
