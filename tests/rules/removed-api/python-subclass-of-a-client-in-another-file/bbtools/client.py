import os

from bbtools.base import BaseClient


class Client(BaseClient):
    def followers(self, name):
        # expect: removed-api
        return self._get("/users/%s/followers" % name)


client = Client(os.environ["BB_USER"], os.environ["BB_APP_PASSWORD"])
print(client.followers("acme"))
