#!/bin/sh
curl -s -u "$ATLASSIAN_EMAIL:$ATLASSIAN_API_TOKEN" https://api.bitbucket.org/2.0/user
wget -qO- --user="$ATLASSIAN_EMAIL" --password="$ATLASSIAN_API_TOKEN" https://api.bitbucket.org/2.0/user/emails
http --auth "$ATLASSIAN_EMAIL:$ATLASSIAN_API_TOKEN" https://api.bitbucket.org/2.0/user/permissions/workspaces
curl -fsSLu "$ATLASSIAN_EMAIL:$ATLASSIAN_API_TOKEN" https://api.bitbucket.org/2.0/user/emails
