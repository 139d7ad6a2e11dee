from getpass import getpass

from atlassian.bitbucket.cloud import Cloud

username = ''
while username == '':
    username = input("Enter your Bitbucket cloud username: ")

password = ''
while password == '':
    password = getpass("Enter your app password (set in Bitbucket web interface): ")

# expect: app-password-in-use
bitbucket = Cloud(
    url='https://api.bitbucket.org/',
    username=username,
    password=password,
    cloud=True)

for repository in bitbucket.repositories.each(role='member'):
    print(repository.name)
