import os

import requests

TOKEN = os.environ["BB_ACCESS_TOKEN"]
resp = requests.get("https://api.bitbucket.org/2.0/repositories/acme/app/commits",
                    headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
print(resp.json())
