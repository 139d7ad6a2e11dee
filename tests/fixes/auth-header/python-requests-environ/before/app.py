import os

import requests
from requests.auth import HTTPBasicAuth

USER = os.environ["BB_USER"]
PASSWORD = os.getenv("BB_APP_PASSWORD")


def tags():
    return requests.get("https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags",
                        auth=(USER, PASSWORD), timeout=10)


def prs():
    return requests.get("https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests",
                        auth=HTTPBasicAuth(os.environ["BB_USER"], os.environ["BB_APP_PASSWORD"]))


s = requests.Session()
s.auth = (USER, PASSWORD)
s.get("https://api.bitbucket.org/2.0/repositories/acme/app/commits")
