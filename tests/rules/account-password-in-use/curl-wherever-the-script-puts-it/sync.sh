#!/bin/bash
# Every place a script can put a call: each one sends the account password.
API=https://api.bitbucket.org/2.0
# expect: account-password-in-use
RESPONSE=$(curl -s -u "$BB_USER:$BB_PASSWORD" "$API/user")
# expect: account-password-in-use
OUT=`curl -s -u "$BB_USER:$BB_PASSWORD" $API/repositories/acme/backticks`
lookup() {
  # expect: account-password-in-use
  local body=$(curl -s -u "$BB_USER:$BB_PASSWORD" "$API/repositories/acme/local")
  echo "$body"
}
lookup
# expect: account-password-in-use
if curl -fsS -u "$BB_USER:$BB_PASSWORD" "$API/repositories/acme/if" >/dev/null; then echo ok; fi
# expect: account-password-in-use
while ! curl -fsS -u "$BB_USER:$BB_PASSWORD" "$API/repositories/acme/while"; do sleep 1; done
# expect: account-password-in-use
test -n "$BB_USER" && curl -u "$BB_USER:$BB_PASSWORD" "$API/repositories/acme/and" || exit 1
# expect: account-password-in-use
curl -s -u "$BB_USER:$BB_PASSWORD" "$API/repositories/acme/pipeline" | jq -r .full_name
# expect: account-password-in-use
echo acme/app | xargs -I{} curl -u "$BB_USER:$BB_PASSWORD" "$API/repositories/{}"
# expect: account-password-in-use
eval "curl -u \"$BB_USER:$BB_PASSWORD\" $API/repositories/acme/eval"
CMD="curl -u $BB_USER:$BB_PASSWORD $API/repositories/acme/eval-variable"
# expect: account-password-in-use
eval $CMD
# expect: account-password-in-use
sudo -u ci curl -u "$BB_USER:$BB_PASSWORD" "$API/repositories/acme/sudo"
# expect: account-password-in-use
command curl -u "$BB_USER:$BB_PASSWORD" "$API/repositories/acme/command"
# expect: account-password-in-use
time curl -u "$BB_USER:$BB_PASSWORD" "$API/repositories/acme/time"
# expect: account-password-in-use
env LC_ALL=C curl -u "$BB_USER:$BB_PASSWORD" "$API/repositories/acme/env"
# expect: account-password-in-use
jq .name <<< "$(curl -u "$BB_USER:$BB_PASSWORD" "$API/repositories/acme/here-string")"
# expect: account-password-in-use
bash -c "curl -u $BB_USER:$BB_PASSWORD $API/repositories/acme/bash-c"
# expect: account-password-in-use
timeout 30 nohup curl -u "$BB_USER:$BB_PASSWORD" "$API/repositories/acme/timeout"
# expect: account-password-in-use
exec curl -u "$BB_USER:$BB_PASSWORD" \
  --request POST \
  "$API/repositories/acme/exec/downloads"
