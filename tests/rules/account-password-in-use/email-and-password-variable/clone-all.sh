#!/bin/bash
# expect: account-password-in-use
curl -s -u "$USER_EMAIL:$USER_PASS" "https://api.bitbucket.org/2.0/repositories/acme?page=1"
