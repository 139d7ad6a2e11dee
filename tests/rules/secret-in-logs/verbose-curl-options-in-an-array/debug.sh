#!/bin/bash
OPTS=(--silent)
if [ -n "$DEBUG" ]; then OPTS+=(--verbose); fi
AUTH_HEADER="Authorization: Bearer $REPO_TOKEN"
# expect: secret-in-logs
STATUS=$(curl "${OPTS[@]}" -H "$AUTH_HEADER" https://api.bitbucket.org/2.0/repositories/acme/app)
