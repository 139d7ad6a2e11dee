import requests


def comment(session, pr):
    # expect: unknown-endpoint
    return requests.post("https://api.bitbucket.org/2.0/repositories/" + session.workspace() + "/app/pullrequest/" + str(pr * 2) + "/comments",
                         auth=(session.user, session.token()))
