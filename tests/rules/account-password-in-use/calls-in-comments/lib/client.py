"""Bitbucket client.

Before tokens we did:

    requests.get("https://api.bitbucket.org/2.0/user", auth=("jdoe", os.environ["BITBUCKET_PASSWORD"]))
"""
import os

import requests

# requests.get("https://api.bitbucket.org/2.0/user", auth=("jdoe", os.environ["BITBUCKET_PASSWORD"]))


def repo():
    return requests.get("https://api.bitbucket.org/2.0/repositories/acme/app",
                        headers={"Authorization": "Bearer " + os.environ["BITBUCKET_ACCESS_TOKEN"]})
