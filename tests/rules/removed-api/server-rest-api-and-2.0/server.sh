#!/bin/sh
curl -H "Authorization: Bearer $T" https://bitbucket.example.com/rest/api/1.0/projects
curl -H "Authorization: Bearer $T" https://api.bitbucket.org/2.0/workspaces/acme/members
