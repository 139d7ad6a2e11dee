#!/bin/bash
# Printing a variable named after a token is no description of the password.
accesstoken="$(cat auth.txt)"
echo "$accesstoken"
# expect: account-password-in-use
curl -u "$uname:$pwd" "https://api.bitbucket.org/2.0/repositories/$uname"
