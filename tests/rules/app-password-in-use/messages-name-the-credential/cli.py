import os

import requests

AUTH = os.environ.get("BITBUCKET_AUTH")
if not AUTH:
    print("BITBUCKET_AUTH not found in the environment")
    print("Generate an app password at https://bitbucket.org/account/settings/app-passwords/")
    raise SystemExit(1)
username, password = AUTH.split(":")


def repositories(workspace):
    # expect: app-password-in-use
    return requests.get(f"https://api.bitbucket.org/2.0/repositories/{workspace}", auth=(username, password))
