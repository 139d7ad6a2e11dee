"""Python HTTP libraries: requests, httpx, urllib3, urllib, aiohttp, atlassian-python-api and
pybitbucket. Names are as imported (`r.get` after `import requests as r` is `requests.get`).
What the standard library computes (environment reads, base64, `str`, quoting) is the
evaluator's: tokenlint.parsers.python_eval."""

from __future__ import annotations

from tokenlint.detectors.http_libraries import VERBS

__all__ = ["ATLASSIAN", "AUTHS", "CLIENTS", "CLIENT_METHODS", "MAKE_HEADERS", "METHOD_FIRST", "PIPES_TOOLKIT",
           "PYBITBUCKET", "REQUEST", "URLOPEN", "VERBS", "VERB_MODULES"]

#: Methods of a client object that send a request; `stream`, `urlopen`, `request` take the method first.
CLIENT_METHODS = VERBS | {"request", "stream", "urlopen"}
#: Modules whose verb functions send that method: `requests.get(url, auth=, headers=, params=, verify=)`.
VERB_MODULES = {"requests": "requests", "requests.api": "requests", "httpx": "httpx"}
#: Functions taking `(method, url, ...)`, by library.
METHOD_FIRST = {"requests.request": "requests", "requests.api.request": "requests", "httpx.request": "httpx",
                "httpx.stream": "httpx", "aiohttp.request": "aiohttp", "urllib3.request": "urllib3"}
#: Sessions and clients: their `auth`, `headers`, `params`, `verify`, `base_url` go with every request.
CLIENTS = {"requests.Session": "requests", "requests.session": "requests", "requests.sessions.Session": "requests",
           "httpx.Client": "httpx", "httpx.AsyncClient": "httpx", "aiohttp.ClientSession": "aiohttp",
           "urllib3.PoolManager": "urllib3", "urllib3.ProxyManager": "urllib3",
           "urllib3.poolmanager.PoolManager": "urllib3"}
#: Auth objects and the scheme they send; (username, password) positionally (aiohttp: login, password).
AUTHS = {"requests.auth.HTTPBasicAuth": "basic", "requests.auth.HTTPDigestAuth": "digest",
         "httpx.BasicAuth": "basic", "httpx.DigestAuth": "digest", "aiohttp.BasicAuth": "basic",
         "pybitbucket.auth.BasicAuthenticator": "basic"}
#: urllib3's `make_headers(basic_auth="user:secret")`: an Authorization header.
MAKE_HEADERS = frozenset(("urllib3.make_headers", "urllib3.util.make_headers"))
#: urllib: `urlopen(url | Request, data=None, context=)`; `Request(url, data, headers, method=)`.
URLOPEN = frozenset(("urllib.request.urlopen", "urllib2.urlopen"))
REQUEST = frozenset(("urllib.request.Request", "urllib2.Request"))
#: atlassian-python-api: `Bitbucket(url, username, password, token=, cloud=, verify_ssl=)`; "auto" tells
#: Cloud from Data Center by the URL.
ATLASSIAN = {"atlassian.Bitbucket": "auto", "atlassian.bitbucket.Bitbucket": "auto",
             "atlassian.bitbucket.Cloud": "cloud", "atlassian.bitbucket.cloud.Cloud": "cloud"}
#: pybitbucket: `Client(authenticator)` talks to api.bitbucket.org/2.0.
PYBITBUCKET = "pybitbucket.bitbucket.Client"
#: Atlassian's bitbucket-pipes-toolkit: `CodeInsights(repo, username, auth_type=, app_password=)` posts
#: reports through the Pipelines proxy with no credential, or to api.bitbucket.org with Basic
#: `username:app_password` when one is given.
PIPES_TOOLKIT = frozenset(("bitbucket_pipes_toolkit.CodeInsights",
                           "bitbucket_pipes_toolkit.code_insights.CodeInsights"))
