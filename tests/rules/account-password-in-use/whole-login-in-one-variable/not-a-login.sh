#!/bin/bash
# Not a whole login: the name says token, a bare username (curl prompts for the rest), an email pair, a prebuilt header.
curl --user "$BB_AUTH_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
curl -u "$AUTH_USER" https://api.bitbucket.org/2.0/repositories/acme/app
curl -u "$ATLASSIAN_EMAIL:$BB_API_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
git -c http.extraHeader="Authorization: Basic $AUTH_HEADER" push https://bitbucket.org/acme/app.git main
