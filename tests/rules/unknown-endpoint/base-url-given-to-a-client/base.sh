#!/bin/bash
# A probe of the API root: a base used on its own, not a call to an unknown endpoint.
curl -sf -o /dev/null -H "Authorization: Bearer $BB_TOKEN" https://api.bitbucket.org/2.0/
