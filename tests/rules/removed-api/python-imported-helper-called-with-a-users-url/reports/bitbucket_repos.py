from reports.http import make_request

USER_REPOS = "https://api.bitbucket.org/2.0/users/acme/repositories"


def names():
    # expect: removed-api
    page = make_request(USER_REPOS)
    return [r["name"] for r in page["values"]]
