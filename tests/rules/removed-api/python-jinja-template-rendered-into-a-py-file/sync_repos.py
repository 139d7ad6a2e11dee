"""Mirror the team's repositories. Rendered by cookiecutter."""
import requests
from requests.auth import HTTPBasicAuth

BITBUCKET_API = "https://api.bitbucket.org/1.0"
BB_USER = "{{ cookiecutter.bitbucket_user }}"
BB_APP_PASSWORD = "{{ cookiecutter.bitbucket_app_password }}"

REPOSITORIES = [
{% for repo in cookiecutter.repositories %}
    "{{ repo }}",
{% endfor %}
]


class Mirror(object):
    def __init__(self, owner):
        self.owner = owner
        self.auth = HTTPBasicAuth(BB_USER, BB_APP_PASSWORD)

    def privileges(self):
        url = "%s/privileges/%s" % (BITBUCKET_API, self.owner)
        # expect: removed-api
        return requests.get(url, auth=self.auth).json()

{% if cookiecutter.use_ssh == "yes" %}
    def ssh_keys(self):
        # expect: removed-api
        return requests.get(BITBUCKET_API + "/users/" + self.owner + "/ssh-keys", auth=self.auth)
{% endif %}
