#!/bin/bash
# The root with a path variable: some operation, which one is not known.
curl -sf -o /dev/null -H "Authorization: Bearer $BB_TOKEN" "https://api.bitbucket.org/2.0/$ENDPOINT"
