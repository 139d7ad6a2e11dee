"""Deletes merged branches of one repository."""
import os

import requests
from requests.auth import HTTPBasicAuth

API = "https://api.bitbucket.org/2.0/repositories/acme/widgets"

session = requests.Session()
# expect: app-password-in-use
session.auth = HTTPBasicAuth(os.environ["BB_USER"], os.environ["BITBUCKET_APP_PASSWORD"])
session.headers.update({"Accept": "application/json"})


def merged_branches():
    page = session.get(f"{API}/refs/branches", params={"q": 'name ~ "feature/"'})
    return [b["name"] for b in page.json()["values"]]


for name in merged_branches():
    session.delete(f"{API}/refs/branches/{name}")
