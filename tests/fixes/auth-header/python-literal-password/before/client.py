"""Talks to Bitbucket."""
import json
from pathlib import Path

import httpx
import requests


def me():
    return requests.get("https://api.bitbucket.org/2.0/user", auth=("jdoe@example.com", "TOKEN(app-password)"))


def prs():
    return requests.get("https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests",
                        headers={"Accept": "application/json"},
                        auth=("jdoe", "TOKEN(app-password)"))


client = httpx.Client(auth=("jdoe", "TOKEN(app-password)"))
client.get("https://api.bitbucket.org/2.0/repositories/acme/app/commits")
print(json.dumps(str(Path("."))))
