#!/bin/bash
curl -fsSLo setup.sh https://get.example.com/v1.2.3/setup.sh
wget https://get.example.com/setup.sh | cat
curl -fsSL https://get.example.com/data.json | jq .
curl -u "$BB_EMAIL:$BB_API_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
