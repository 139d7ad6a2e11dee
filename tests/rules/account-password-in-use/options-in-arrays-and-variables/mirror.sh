#!/bin/bash
username="$1"
password="$2"
CURL_OPTS=(-u "$username:$password" --silent)
# expect: account-password-in-use
curl --fail "${CURL_OPTS[@]}" "https://api.bitbucket.org/2.0/user" > /dev/null
declare -a MORE=(--silent)
MORE+=(--user "$BB_USER:$BB_PASSWORD")
# expect: account-password-in-use
curl "${MORE[@]}" https://api.bitbucket.org/2.0/repositories/acme/appended
AUTH="-u $BB_USER:$BB_PASSWORD"
# expect: account-password-in-use
curl $AUTH https://api.bitbucket.org/2.0/repositories/acme/split
BB_AUTH="$BB_USER:$BB_PASSWORD"
# expect: account-password-in-use
curl --user "$BB_AUTH" https://api.bitbucket.org/2.0/repositories/acme/pair
# expect: account-password-in-use
curl "https://${BB_AUTH}@api.bitbucket.org/2.0/repositories/acme/userinfo-pair"
# expect: account-password-in-use
curl "https://$BB_USER:$BB_PASSWORD@api.bitbucket.org/2.0/repositories/acme/userinfo"
# expect: account-password-in-use
curl --silent --user "$USERNAME${PASSWORD+:$PASSWORD}" https://api.bitbucket.org/2.0/repositories/acme/alternative
CURL=(curl -s -u "$BB_USER:$BB_PASSWORD")
# expect: account-password-in-use
"${CURL[@]}" https://api.bitbucket.org/2.0/repositories/acme/command-in-array
