#!/bin/sh
curl -s --digest -u "$BB_USER:$BB_PASS" https://bitbucket.example.com/rest/api/1.0/projects
