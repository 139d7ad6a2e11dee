locals {
  bitbucket_user = "release-bot"
}

# expect: account-password-in-use
provider "bitbucket" {
  alias    = "release"
  username = local.bitbucket_user
  password = "Summer2019-release"
}
