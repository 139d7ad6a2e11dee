#!/bin/sh
# Bitbucket app password of the release bot
BB_CREDENTIAL="$1"
# expect: app-password-in-use
curl -u "$BB_USER:$BB_CREDENTIAL" -F files=@dist.zip https://api.bitbucket.org/2.0/repositories/acme/app/downloads
