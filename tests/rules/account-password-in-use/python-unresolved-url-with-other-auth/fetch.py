import requests


def other(username, password, url):
    requests.get("https://api.bitbucket.org/2.0/repositories/acme", auth=("ci", "${BB_ACCESS_TOKEN}"))
    return requests.get(url, auth=(username, password))
