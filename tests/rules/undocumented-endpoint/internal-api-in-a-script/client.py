import os

import requests

BASE = "https://api.bitbucket.org/internal"


def usage(workspace):
    # expect: undocumented-endpoint
    return requests.get(f"{BASE}/workspaces/{workspace}/pipelines-usage",
                        headers={"Authorization": "Bearer " + os.environ["BB_TOKEN"]}).json()
