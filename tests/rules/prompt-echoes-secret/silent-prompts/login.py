import getpass

import requests

user = input("Bitbucket username: ")
token = getpass.getpass("API token: ")
requests.get("https://api.bitbucket.org/2.0/user", auth=(user, token))
