"""A Bitbucket client whose base URL lives in a base class of another module."""
import requests

from .base import BaseClient


class Client(BaseClient):
    def _get(self, endpoint, params=None):
        return requests.get(self.BASE_URL + endpoint, params=params, auth=(self.user, self.token)).json()

    def current_user(self):
        return self._get("2.0/user")

    def privileges(self):
        # expect: removed-api
        return self._get("1.0/privileges/{}".format(self.owner))

    def team_projects(self, team):
        # expect: removed-api
        return self._get(f"2.0/teams/{team}/projects/")

    def pull_requests(self, slug):
        return self._get(f"2.0/repositories/{self.owner}/{slug}/pullrequests")
