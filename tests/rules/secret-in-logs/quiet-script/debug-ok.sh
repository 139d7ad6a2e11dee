#!/bin/bash
set -e
echo "calling the API as $BB_USER"
curl -sS -H "Authorization: Bearer $REPO_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
