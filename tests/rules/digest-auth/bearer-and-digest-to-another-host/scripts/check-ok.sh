#!/bin/sh
curl -H "Authorization: Bearer $BB_TOKEN" https://api.bitbucket.org/2.0/repositories/acme/app
curl --digest -u "$U:$P" https://intranet.example.com/status
