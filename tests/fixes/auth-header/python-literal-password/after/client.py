"""Talks to Bitbucket."""
import json
import os
from pathlib import Path

import httpx
import requests


def me():
    return requests.get("https://api.bitbucket.org/2.0/user", auth=(os.environ["ATLASSIAN_EMAIL"], os.environ["ATLASSIAN_API_TOKEN"]))


def prs():
    return requests.get("https://api.bitbucket.org/2.0/repositories/acme/app/pullrequests",
                        headers={"Authorization": f"Bearer {os.environ['BITBUCKET_ACCESS_TOKEN']}", "Accept": "application/json"})


client = httpx.Client(headers={"Authorization": f"Bearer {os.environ['BITBUCKET_ACCESS_TOKEN']}"})
client.get("https://api.bitbucket.org/2.0/repositories/acme/app/commits")
print(json.dumps(str(Path("."))))
