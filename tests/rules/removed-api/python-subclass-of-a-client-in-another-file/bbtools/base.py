import requests

API_ROOT = "https://api.bitbucket.org/1.0"


class BaseClient(object):
    def __init__(self, user, password):
        self.base = API_ROOT
        self.user = user
        self.password = password

    def _get(self, path):
        return requests.get(self.base + path, auth=(self.user, self.password))

    def whoami(self):
        # expect: removed-api
        return self._get("/user")
