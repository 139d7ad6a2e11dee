#!/bin/sh
# expect: unused-ignore
# tokenlint: ignore[hardcoded-authorization-header] test password
curl -u "$BB_USER:$BB_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
