import requests
from requests.auth import HTTPBasicAuth


def repositories(username, password, team):
    auth = HTTPBasicAuth(username, password)
    # expect: account-password-in-use
    response = requests.get("https://api.bitbucket.org/2.0/repositories/{}/".format(team), auth=auth)
    data = response.json()
    repos = list(data["values"])
    while data.get("next"):
        # expect: account-password-in-use
        response = requests.get(data.get("next"), auth=auth)
        data = response.json()
        repos.extend(data["values"])
    return repos
