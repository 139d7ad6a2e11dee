import os

import requests
import yaml

with open("config.yml") as fh:
    config = yaml.safe_load(fh)

BITBUCKET_ENDPOINT = config["BITBUCKET_ENDPOINT"]
TEAM = config["BITBUCKET_TEAM"]

bitbucket = requests.Session()
bitbucket.auth = (config["BITBUCKET_USERNAME"], config["BITBUCKET_TOKEN"])


def projects():
    url = os.path.join(BITBUCKET_ENDPOINT, "teams", TEAM, "projects/")
    # expect: removed-api
    return bitbucket.get(url).json()["values"]


def repositories():
    url = os.path.join(BITBUCKET_ENDPOINT, "repositories", TEAM)
    return bitbucket.get(url).json()["values"]
