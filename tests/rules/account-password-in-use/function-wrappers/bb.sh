#!/bin/bash
# A function that takes the path reports each call where the path is written (its call site);
# a function that writes its URL out reports at its own curl line, once.
API="${BB_API:-https://api.bitbucket.org/2.0}"
bb_api() {
  curl -s -u "$BB_USER:$BB_PASSWORD" "$API$1"
}
bb_get() {
  local path="$1"
  bb_api "$path"
}
# expect: account-password-in-use
bb_api /repositories/acme/app
# expect: account-password-in-use
bb_get /repositories/acme/lib
set_status() {
  # expect: account-password-in-use
  curl -X POST -u "$BB_USER:$BB_PASSWORD" "https://api.bitbucket.org/2.0/repositories/acme/$1/commit/$2/statuses/build" -d '{}'
}
set_status app "$GIT_COMMIT"
set_status lib "$GIT_COMMIT"
never_called() {
  # expect: account-password-in-use
  curl -u "$BB_USER:$BB_PASSWORD" "https://api.bitbucket.org/2.0/repositories/acme/$1"
}
forever() { forever "$@"; }
forever x
