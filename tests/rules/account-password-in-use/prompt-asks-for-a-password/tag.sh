#!/bin/bash
read -r -p "Bitbucket username: " BB_USER
read -r -s -p "Password: " PASS
echo
# expect: account-password-in-use
curl -u "$BB_USER:$PASS" -X POST https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags -d '{}'
