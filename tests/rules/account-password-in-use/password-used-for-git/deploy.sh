#!/bin/bash
# expect: account-password-in-use
git clone "https://$BB_USER:$BB_PASSWORD@bitbucket.org/acme/app.git"
cd app
# expect: account-password-in-use
git remote set-url origin "https://${BB_USER}:${BITBUCKET_PASS}@bitbucket.org/acme/app.git"
git push origin main
# The fixed git username of the other kind, and a Data Center server (passwords still work there).
git push "https://x-bitbucket-api-token-auth:$BB_API_TOKEN@bitbucket.org/acme/app.git" main
git push "https://$BB_USER:$BB_PASSWORD@bitbucket.example.com/scm/acme/app.git" main
