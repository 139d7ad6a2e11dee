import requests

email = '<your atlassian email>'
password = '<your API token>'
requests.get('https://api.bitbucket.org/2.0/repositories/acme', auth=(email, password))
