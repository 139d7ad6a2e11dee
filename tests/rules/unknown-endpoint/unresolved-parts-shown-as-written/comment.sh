#!/bin/bash
# A command substitution and positional parameters in a call: messages show them as written.
# expect: unknown-endpoint
curl -u "$1:$2" "https://api.bitbucket.org/2.0/repositories/$(workspace_of "$3")/app/pullrequest/7/comments" -d @c.json
