#!/bin/bash
git remote add bitbucket "git@bitbucket.org:${BITBUCKET_REPO}.git"
git remote get-url bitbucket
git remote -v
git -c http.extraHeader="Authorization: Bearer ${BB_ACCESS_TOKEN}" push bitbucket HEAD:main
