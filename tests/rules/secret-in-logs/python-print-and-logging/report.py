import logging
import os

import requests

logger = logging.getLogger(__name__)
TOKEN = os.environ["BB_ACCESS_TOKEN"]
app_password = os.getenv("BITBUCKET_APP_PASSWORD")
auth = TOKEN
# expect: secret-in-logs
print("token:", TOKEN)
# expect: secret-in-logs
print(f"Using {app_password}")
# expect: secret-in-logs
logger.info("auth %s", auth)
# expect: secret-in-logs
logging.debug("pw=" + app_password)
print(len(TOKEN))
print("calling https://api.bitbucket.org/2.0/user")
logger.info("token set: %s", bool(TOKEN))
requests.get("https://api.bitbucket.org/2.0/user", headers={"Authorization": f"Bearer {TOKEN}"})
