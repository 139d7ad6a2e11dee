#!/bin/sh
# expect: credential-in-url
git push --mirror https://deploy:Zq8vPm2Lk9Tr@bitbucket.org/acme/app.git
