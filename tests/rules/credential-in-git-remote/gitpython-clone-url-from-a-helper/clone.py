from urllib.parse import quote

import git


def add_credentials(url, token):
    if "@" in url:
        repo = url.split("@")[1]
    else:
        print(f"Invalid URL: {url}")
        return None
    return "https://" + "x-bitbucket-api-token-auth" + ":" + quote(token, safe="") + "@" + repo


def clone_url(repo, token):
    url = repo["links"]["clone"][0]["href"]
    return add_credentials(url, token)


def process(name, url, target):
    # expect: credential-in-git-remote
    git.Repo.clone_from(url=url, to_path=target)


def clone_all(repos, token):
    for repo in repos:
        process(repo["name"], clone_url(repo, token), repo["slug"])


def add_mirror(local, workspace, token):
    # expect: credential-in-git-remote
    local.create_remote("mirror", f"https://x-token-auth:{token}@bitbucket.org/{workspace}/app.git")
