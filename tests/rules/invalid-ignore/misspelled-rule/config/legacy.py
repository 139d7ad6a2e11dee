# expect: invalid-ignore
BITBUCKET_APP_PASSWORD = "TOKEN(app-password)"  # tokenlint: ignore[app-pasword] revoked in 2026
