git push "https://x-token-auth:$BB_ACCESS_TOKEN@bitbucket.org/acme/app.git"
