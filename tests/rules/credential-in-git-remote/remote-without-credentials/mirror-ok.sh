#!/bin/sh
git remote set-url origin https://bitbucket.org/acme/app.git
git clone git@bitbucket.org:acme/app.git
