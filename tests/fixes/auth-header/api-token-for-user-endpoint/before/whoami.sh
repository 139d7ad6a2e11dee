#!/bin/sh
curl -s -u "$BB_USER:$BB_PASSWORD" https://api.bitbucket.org/2.0/user
wget -qO- --user="$BB_USER" --password="$BB_PASSWORD" https://api.bitbucket.org/2.0/user/emails
http --auth "$BB_USER:$BB_PASSWORD" https://api.bitbucket.org/2.0/user/permissions/workspaces
curl -fsSLu "$BB_USER:$BB_PASSWORD" https://api.bitbucket.org/2.0/user/emails
