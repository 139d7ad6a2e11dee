import sys

import requests
from requests.auth import HTTPBasicAuth


class Bitbucket:
    """The caller supplies the login: reading a token from the environment instead would change the API."""

    def __init__(self, username, password):
        self.username = username
        self.password = password

    def repositories(self, workspace):
        return requests.get(f"https://api.bitbucket.org/2.0/repositories/{workspace}",
                            auth=HTTPBasicAuth(self.username, self.password))


def main():
    user, app_password = sys.argv[1], sys.argv[2]
    requests.get("https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags", auth=(user, app_password))
