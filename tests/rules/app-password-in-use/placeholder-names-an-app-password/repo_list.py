import requests

username = '<your username>'
password = '<your app password>'
team = '<the team or your username>'

url = 'https://api.bitbucket.org/2.0/repositories/%s?pagelen=100' % team
while url is not None:
    # expect: app-password-in-use
    page = requests.get(url, auth=(username, password)).json()
    url = page.get('next')
