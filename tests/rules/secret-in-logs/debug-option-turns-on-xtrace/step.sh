#!/bin/bash
set -eu
DEBUG=false
while [[ $# -gt 0 ]]; do
  case $1 in
    --debug) DEBUG=true; shift ;;
    *) shift ;;
  esac
done
if [ "$DEBUG" = true ]; then
  # expect: secret-in-logs
  set -x
fi
echo "Sending update to: $url"
curl -X POST "$url" \
  -H "Authorization: Bearer ${bitbucket_access_token}" \
  -d "$payload"
