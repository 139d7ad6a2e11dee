#!/bin/bash
username="$1"
password="$2"
reponame="$3"
# expect: app-password-in-use
curl --fail -u "$username:$password" "https://api.bitbucket.org/2.0/repositories/$reponame"
