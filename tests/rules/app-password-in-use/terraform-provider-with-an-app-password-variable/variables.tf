variable "bitbucket_username" {
  description = "Bitbucket user the provider authenticates as"
  type        = string
}

variable "bitbucket_app_password" {
  description = "App password with repository:admin"
  type        = string
  sensitive   = true
  default     = ""
}
