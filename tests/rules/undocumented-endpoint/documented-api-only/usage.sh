#!/bin/bash
# The internal API is mentioned in a comment only: https://api.bitbucket.org/internal/workspaces/x
curl -sf -H "Authorization: Bearer $BB_TOKEN" "https://api.bitbucket.org/2.0/workspaces/$WORKSPACE/pipelines-config/variables"
curl -sf -H "Authorization: Bearer $BB_TOKEN" "https://bitbucket.org/!api/2.0/repositories/$WORKSPACE/$REPO/branch-restrictions"
curl -sf "https://bitbucket.org/$WORKSPACE/internal/downloads/tool.tgz" -o tool.tgz
