terraform {
  required_providers {
    bitbucket = {
      source  = "DrFaust92/bitbucket"
      version = "~> 2.40"
    }
  }
}

# expect: app-password-in-use
provider "bitbucket" {
  username = var.bitbucket_username
  password = var.bitbucket_app_password
}

resource "bitbucket_repository" "infra" {
  owner      = "acme"
  name       = "infra"
  is_private = true
}
