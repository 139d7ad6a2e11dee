#!/bin/sh
CURL_AUTH="--digest --user $BB_USER:$BB_TOKEN"
# expect: digest-auth
BODY=`curl -s $CURL_AUTH https://api.bitbucket.org/2.0/repositories/acme/app`
