#!/bin/sh
curl -s -u "$ATLASSIAN_EMAIL:$BB_API_TOKEN" http://bitbucket.example.com:7990/rest/api/1.0/projects
