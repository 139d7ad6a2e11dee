import os
TOKEN = os.environ["BITBUCKET_API_TOKEN"]
