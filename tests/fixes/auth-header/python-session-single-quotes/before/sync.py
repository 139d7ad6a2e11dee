#!/usr/bin/env python3
import requests

session = requests.Session()
session.auth = ('jdoe', 'TOKEN(app-password)')
print(session.get('https://api.bitbucket.org/2.0/repositories/acme/app/refs/branches').json())
