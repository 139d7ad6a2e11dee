import os
from pathlib import Path

import requests

TOKEN = os.environ["BB_ACCESS_TOKEN"]
requests.get("https://api.bitbucket.org/2.0/user", headers={"Authorization": f"Bearer {TOKEN}"})
with open("token.txt", "w") as handle:
    # expect: secret-written-to-disk
    handle.write(TOKEN)
# expect: secret-written-to-disk
open(".env", "a").write(f"BB_TOKEN={TOKEN}\n")
# expect: secret-written-to-disk
Path("bb.token").write_text(TOKEN)
with open("log.txt", "w") as log:
    log.write("done")
