#!/bin/sh
# expect: app-password
APP_PASS=TOKEN(app-password)
curl -u jdoe:$APP_PASS https://api.bitbucket.org/2.0/user
