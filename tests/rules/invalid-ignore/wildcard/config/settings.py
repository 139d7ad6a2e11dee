# expect: invalid-ignore
# tokenlint: ignore[*] test data
BITBUCKET_APP_PASSWORD = "TOKEN(app-password)"
