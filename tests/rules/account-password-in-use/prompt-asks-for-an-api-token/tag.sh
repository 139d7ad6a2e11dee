#!/bin/bash
read -r -s -p "Atlassian API token: " PASS
curl -u "jdoe@example.com:$PASS" -X POST https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags -d '{}'
