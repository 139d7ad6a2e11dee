import os
    import requests

BB_TOKEN = os.getenv("BITBUCKET_APP_PASSWORD")
API = "https://api.bitbucket.org/2.0"
session = requests.Session()
session.auth = ("release-bot", BB_TOKEN)
session.headers.update({"Accept": "application/json"})


def tag(workspace, repo, name, commit):
    payload = {"name": name, "target": {"hash": commit}}
    # expect: tls-verification-disabled
    return session.post(f"{API}/repositories/{workspace}/{repo}/refs/tags", json=payload, verify=False)


def teams():
    return session.get(API + "/teams?role=member")
