import os

import requests
from requests.auth import HTTPBasicAuth

USER = os.environ["BB_USER"]
PASSWORD = os.getenv("BB_APP_PASSWORD")


def tags():
    return requests.get("https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags",
                        headers={"Authorization": f"Bearer {os.getenv('BITBUCKET_ACCESS_TOKEN')}"}, timeout=10)


def prs():
    return requests.get("https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests",
                        headers={"Authorization": f"Bearer {os.environ['BITBUCKET_ACCESS_TOKEN']}"})


s = requests.Session()
s.headers["Authorization"] = f"Bearer {os.getenv('BITBUCKET_ACCESS_TOKEN')}"
s.get("https://api.bitbucket.org/2.0/repositories/acme/app/commits")
