import os

import requests

TOKEN = os.environ["BITBUCKET_ACCESS_TOKEN"]
ref = "main"
r = requests.get(f"https://api.bitbucket.org/1.0/repositories/acme/app/raw/{ref}/setup.cfg",
                 headers={"Authorization": f"Bearer {TOKEN}"})
if r.ok:
    tags = requests.get(
        "https://api.bitbucket.org/1.0/repositories/acme/app/raw/main/VERSION",
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
