import os

import requests

TOKEN = os.environ["BITBUCKET_ACCESS_TOKEN"]
ref = "main"
r = requests.get(f"https://api.bitbucket.org/2.0/repositories/acme/app/src/{ref}/setup.cfg",
                 headers={"Authorization": f"Bearer {TOKEN}"})
if r.ok:
    tags = requests.get(
        "https://api.bitbucket.org/2.0/repositories/acme/app/src/main/VERSION",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
