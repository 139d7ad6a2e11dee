"""A small Bitbucket client: every request goes through `_request`."""
import requests

from .settings import BITBUCKET_API


class Client:
    api = BITBUCKET_API

    def __init__(self, username, app_password, workspace):
        self.username = username
        self.app_password = app_password
        self.workspace = workspace

    def _request(self, method, endpoint, **kwargs):
        # expect: app-password-in-use
        response = requests.request(method, self.api + endpoint, auth=(self.username, self.app_password), **kwargs)
        response.raise_for_status()
        return response.json()

    def repositories(self):
        return self._request("GET", "/2.0/repositories/{}".format(self.workspace))

    def create_repository(self, slug):
        return self._request("POST", f"/2.0/repositories/{self.workspace}/{slug}", json={"is_private": True})
