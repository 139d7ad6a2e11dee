#!/bin/sh
curl -X POST -u "$KEY:$SECRET" https://bitbucket.org/site/oauth2/access_token -d grant_type=client_credentials
