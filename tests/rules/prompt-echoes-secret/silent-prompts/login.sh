#!/bin/bash
read -r -p "Username: " BB_USER
read -rs -p "API token: " BB_API_TOKEN
read -r BB_TOKEN < token.txt
echo "$BB_API_TOKEN" | read -r PIPED_TOKEN
curl -u "$BB_USER:$BB_API_TOKEN" https://api.bitbucket.org/2.0/user
