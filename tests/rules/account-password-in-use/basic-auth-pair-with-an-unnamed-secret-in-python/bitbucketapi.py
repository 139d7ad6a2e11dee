import base64

import requests

username = "jdoe"
password = base64.b64decode(open("pw.b64").read()).decode("ascii")
url = "https://api.bitbucket.org/2.0/repositories/acme/app?fields=links.pullrequests"
# expect: account-password-in-use
response = requests.get(url, auth=(username, password))
