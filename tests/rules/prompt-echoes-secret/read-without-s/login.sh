#!/bin/bash
read -r -p "Bitbucket username: " BB_USER
# expect: prompt-echoes-secret
read -r -p "Password: " BB_PASS
# expect: prompt-echoes-secret
read -p "Bitbucket API token? " answer
curl -u "$BB_USER:$BB_PASS" https://api.bitbucket.org/2.0/user
