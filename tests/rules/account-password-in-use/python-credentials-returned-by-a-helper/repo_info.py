import os

import requests


def bitbucket_credentials():
    user = os.getenv("BITBUCKET_USERNAME")
    password = os.getenv("BITBUCKET_PASSWORD")
    return user, password


def repository(workspace, slug):
    credentials = bitbucket_credentials()
    url = f"https://api.bitbucket.org/2.0/repositories/{workspace}/{slug}"
    # expect: account-password-in-use
    return requests.get(url, auth=(credentials[0], credentials[1])).json()


if __name__ == "__main__":
    print(repository("acme", "widgets")["full_name"])
