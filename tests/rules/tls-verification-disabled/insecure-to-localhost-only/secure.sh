#!/bin/sh
curl -k https://localhost:8443/health
curl -sS -H "Authorization: Bearer $REPO_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
