# expect: hardcoded-bitbucket-secret
export BITBUCKET_PASSWORD=${BITBUCKET_PASSWORD:-S3cr3tPa55w0rdZ}
export BITBUCKET_USER=jdoe
