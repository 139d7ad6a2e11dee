#!/bin/bash
curl -H "Authorization: Bearer $BITBUCKET_TOKEN" "https://api.bitbucket.org/2.0/repositories/acme/app/pipelines_config/variables"
