import requests

# the password of our web app's service account
webapp_pwd = input_secret()
# expect: account-password-in-use
requests.get("https://api.bitbucket.org/2.0/repositories/acme", auth=("svc-acme", webapp_pwd))
