locals {
  bitbucket_api = "https://api.bitbucket.org/2.0"
  basic_auth    = base64encode("${var.bitbucket_user}:${var.bitbucket_app_password}")
}

# expect: app-password-in-use
data "http" "default_reviewers" {
  url = "${local.bitbucket_api}/repositories/${var.workspace}/${var.repo}/default-reviewers"

  request_headers = {
    Accept        = "application/json"
    Authorization = "Basic ${local.basic_auth}"
  }
}

output "reviewers" {
  value = jsondecode(data.http.default_reviewers.response_body)
}
