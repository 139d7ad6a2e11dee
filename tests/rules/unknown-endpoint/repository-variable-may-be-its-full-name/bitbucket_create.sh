#!/bin/bash
# Should be formatted as: owner/repo
bitbucket_repo=$1

curl -n -X POST "https://api.bitbucket.org/2.0/repositories/${bitbucket_repo}" \
    -H "Content-Type: application/json" \
    -d '{"scm": "git", "is_private": "true"}'

set_status() {
    local REPO_NAME=$1
    local COMMIT_HASH=$2
    curl -sX POST "https://api.bitbucket.org/2.0/repositories/${REPO_NAME}/commit/${COMMIT_HASH}/statuses/build/" \
        -H "Authorization: Bearer $BB_TOKEN" -d @status.json
}

# A full name may stand for several segments, but no operation starts with /repositorys.
# expect: unknown-endpoint
curl -s -H "Authorization: Bearer $BB_TOKEN" "https://api.bitbucket.org/2.0/repositorys/${REPOSITORY}/pullrequests"
