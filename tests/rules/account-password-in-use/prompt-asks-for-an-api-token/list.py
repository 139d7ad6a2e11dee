from getpass import getpass

import requests

email = input("Atlassian account email: ")
password = getpass("Bitbucket API token: ")
requests.get("https://api.bitbucket.org/2.0/repositories/acme", auth=(email, password))
