#!/usr/bin/env bash
set -euo pipefail
# expect: secret-in-logs
[ -n "${DEBUG:-}" ] && set -x
git remote add bitbucket "https://$BITBUCKET_USER:$BITBUCKET_TOKEN@bitbucket.org/acme/app.git"
