import requests

user = input("Bitbucket username: ")
# expect: prompt-echoes-secret
password = input("Password: ")
requests.get("https://api.bitbucket.org/2.0/user", auth=(user, password))
