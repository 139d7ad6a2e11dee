import os

import requests

AUTH = os.environ.get("BITBUCKET_AUTH")
if not AUTH:
    print("BITBUCKET_AUTH not found: set it to your Bitbucket username and password")
    raise SystemExit(1)
username, password = AUTH.split(":")


def repositories(workspace):
    # expect: account-password-in-use
    return requests.get(f"https://api.bitbucket.org/2.0/repositories/{workspace}", auth=(username, password))
