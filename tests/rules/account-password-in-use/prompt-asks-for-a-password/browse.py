from getpass import getpass

import requests

username = input("Bitbucket username: ")
password = getpass("Bitbucket password: ")
# expect: account-password-in-use
requests.get("https://api.bitbucket.org/2.0/repositories/acme", auth=(username, password))
