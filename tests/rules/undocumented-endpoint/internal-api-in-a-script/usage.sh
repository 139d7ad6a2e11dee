#!/bin/bash
set -euo pipefail
API=https://api.bitbucket.org
# expect: undocumented-endpoint
curl -sf -H "Authorization: Bearer $BB_TOKEN" "$API/internal/workspaces/$WORKSPACE/pipelines-config/usage"
# expect: undocumented-endpoint
curl -sf -u "$BB_USER:$BB_API_TOKEN" "https://bitbucket.org/!api/internal/repositories/$WORKSPACE/$REPO/branch-restrictions"
