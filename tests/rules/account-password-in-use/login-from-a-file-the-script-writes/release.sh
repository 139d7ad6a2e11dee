#!/bin/sh
cat > ~/.netrc <<EOF
machine api.bitbucket.org login $BB_USER password $BB_PASSWORD
EOF
# expect: account-password-in-use
curl --netrc https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags
echo "user = \"$BB_USER:$BB_PASSWORD\"" > "$HOME/curl.cfg"
# expect: account-password-in-use
curl -K ~/curl.cfg https://api.bitbucket.org/2.0/repositories/acme/app
# expect: account-password-in-use
curl -K - https://api.bitbucket.org/2.0/repositories/acme/app/downloads <<CFG
user = "$BB_USER:$BB_PASSWORD"
CFG
# expect: account-password-in-use
http -a "$BB_USER:$BB_PASSWORD" POST https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags name=v1
# the login is in a file the script does not write: authenticated, credential unknown
curl --netrc-file ci/netrc https://api.bitbucket.org/2.0/repositories/acme/app
