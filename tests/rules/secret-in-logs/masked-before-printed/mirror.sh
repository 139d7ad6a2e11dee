#!/bin/bash
load_env() {
    # sets the variables of .env; lists nothing
    export $(grep -v '^#' .env | xargs)
}
load_env
read -rsp "Bitbucket app password: " bb_token
clone_url="https://$bb_user:$bb_token@bitbucket.org/$bb_user/$bb_repo.git"
echo "Cloning from Bitbucket using: ${clone_url//$bb_token/****}"
echo "token of ${#bb_token} characters: ${bb_token//?/*}"
# expect: secret-in-logs
echo "Cloning from Bitbucket using: ${clone_url}"
# expect: secret-in-logs
echo "Cloning from Bitbucket using: ${clone_url/bitbucket.org/bitbucket.org:443}"
git clone --mirror "$clone_url" repo
