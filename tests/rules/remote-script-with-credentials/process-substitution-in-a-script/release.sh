#!/bin/bash
# expect: remote-script-with-credentials
bash <(curl -fsSL https://get.example.com/setup.sh)
# expect: remote-script-with-credentials
sh -c "$(curl -fsSL https://get.example.com/setup.sh)"
curl -u "$BB_EMAIL:$BB_API_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
