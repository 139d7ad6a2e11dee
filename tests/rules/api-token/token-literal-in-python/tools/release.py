import requests
# expect: api-token
TOKEN = "TOKEN(api-token)"
requests.get("https://api.bitbucket.org/2.0/user", auth=("me@example.com", TOKEN))
