#!/usr/bin/env python3
import os

import requests

session = requests.Session()
session.headers['Authorization'] = f'Bearer {os.environ["BITBUCKET_ACCESS_TOKEN"]}'
print(session.get('https://api.bitbucket.org/2.0/repositories/acme/app/refs/branches').json())
