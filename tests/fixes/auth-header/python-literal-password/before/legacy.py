import os

import requests

HEADERS = {"Accept": "application/json"}


def tags():
    # headers built elsewhere: left with the finding
    return requests.get("https://api.bitbucket.org/2.0/repositories/acme/app/refs/tags",
                        headers=HEADERS, auth=(os.environ["BB_USER"], os.environ["BB_APP_PASSWORD"]))


def branches(**options):
    # **options may hold headers: left with the finding
    return requests.get("https://api.bitbucket.org/2.0/repositories/acme/app/refs/branches",
                        auth=(os.environ["BB_USER"], os.environ["BB_APP_PASSWORD"]), **options)
