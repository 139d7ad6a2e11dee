import requests

BASE = "https://api.bitbucket.org/2.0"


class Client:
    def __init__(self, token):
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def get_issues(self, workspace, repo):
        return self.session.get(f"{BASE}/repositories/{workspace}/{repo}/issues")

    def create_issue(self, workspace, repo, data):
        return self.session.post(f"{BASE}/repositories/{workspace}/{repo}/issues", json=data)

    def get_components(self, workspace, repo):
        return self.session.get(f"{BASE}/repositories/{workspace}/{repo}/components")

    def get_milestones(self, workspace, repo):
        return self.session.get(f"{BASE}/repositories/{workspace}/{repo}/milestones")

    def get_versions(self, workspace, repo):
        return self.session.get(f"{BASE}/repositories/{workspace}/{repo}/versions")
