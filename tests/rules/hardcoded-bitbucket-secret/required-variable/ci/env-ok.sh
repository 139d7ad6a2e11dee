export BITBUCKET_PASSWORD=${BITBUCKET_PASSWORD:?set it}
bitbucket_token: "${{ secrets.BITBUCKET_TOKEN }}"
