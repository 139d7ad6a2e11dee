# OAuth client credentials: the provider exchanges them for a token itself
provider "bitbucket" {
  oauth_client_id     = var.bitbucket_oauth_client_id
  oauth_client_secret = var.bitbucket_oauth_client_secret
}

# an access token, sent as Bearer
provider "bitbucket" {
  alias       = "token"
  oauth_token = var.bitbucket_access_token
}

# credentials from BITBUCKET_USERNAME / BITBUCKET_PASSWORD in the environment: nothing in the file
provider "bitbucket" {
  alias = "env"
}
