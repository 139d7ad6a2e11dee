#!/bin/bash
read -rsp "Bitbucket app password: " BB_APP_PASSWORD
# the pipeline file refers to a secured variable: it holds the name, not the value
cat > bitbucket-pipelines.yml << EOF
pipelines:
  default:
    - step:
        script:
          - git push https://$BB_USER:\${BITBUCKET_APP_PASSWORD}@bitbucket.org/acme/app.git
EOF
cat > push.sh <<'EOF'
git push "https://x-token-auth:$BB_ACCESS_TOKEN@bitbucket.org/acme/app.git"
EOF
# expect: secret-written-to-disk
cat > .env << EOF
BITBUCKET_APP_PASSWORD=$BB_APP_PASSWORD
EOF
