#!/bin/bash
# publishes to bitbucket.org
# expect: secret-written-to-disk
echo "$BB_API_TOKEN" > token.txt
# expect: secret-written-to-disk
echo "BITBUCKET_TOKEN=$BITBUCKET_TOKEN" >> .env
# expect: secret-written-to-disk
printf 'BB_APP_PASSWORD=%s\n' "$BB_APP_PASSWORD" > env.list
# expect: secret-written-to-disk
cat > ~/.netrc <<NETRC
machine api.bitbucket.org login $BB_EMAIL password $BB_API_TOKEN
NETRC
# expect: secret-written-to-disk
echo -n "x-token-auth:$REPO_ACCESS_TOKEN" | base64 > auth.b64
# expect: secret-written-to-disk
echo "$REPO_ACCESS_TOKEN" | sudo tee -a /etc/bb-token
# expect: secret-written-to-disk
echo "https://x-token-auth:$REPO_ACCESS_TOKEN@bitbucket.org" >> ~/.git-credentials
