#!/bin/sh
git clone --mirror https://bitbucket.org/acme/app.git app.git
# expect: credential-named-as-another-type
git -C app.git push --mirror "https://x-token-auth:$BB_API_TOKEN@bitbucket.org/acme/app-backup.git"
