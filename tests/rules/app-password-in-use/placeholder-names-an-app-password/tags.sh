#!/bin/sh
BB_USER="<your bitbucket username>"
BB_SECRET="your_app_password"
# expect: app-password-in-use
curl -u "$BB_USER:$BB_SECRET" https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags
