#!/bin/bash
# expect: mixed-auth-scheme
curl -u "${ATLASSIAN_EMAIL}:${BB_TOKEN}" https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags
git -c http.extraHeader="Authorization: Bearer ${BB_TOKEN}" push https://bitbucket.org/acme/app.git HEAD:main
