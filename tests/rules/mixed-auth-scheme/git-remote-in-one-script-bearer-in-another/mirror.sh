#!/bin/bash
# unrelated tools of one repository that happen to share a variable name: git needs no API call
git remote add bitbucket "https://$BITBUCKET_OWNER:$BITBUCKET_TOKEN@bitbucket.org/$BITBUCKET_OWNER/app.git"
git push --mirror bitbucket
