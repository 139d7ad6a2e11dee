"""Does a document concern Bitbucket? The one place that says so, for the scanner and every
usage front end.

Usage detection (calls, remotes, scripts) is worth running only on a document that mentions
Bitbucket or is a pipeline file. A program (Python, JavaScript) can only call Bitbucket through
a URL or a client it names, so for those a bare mention (a comment, a link in a docstring) is
not enough: one of the call hints must be there.
"""

from __future__ import annotations

from tokenlint.document import Document
from tokenlint.parsers.kinds import PROGRAMS, FileKind, is_pipeline_name

WORD = "bitbucket"  # what a document mentions when it speaks of Bitbucket (lower case)
CALL_HINTS = ("bitbucket.org", "bitbucket(", "pybitbucket", "atlassian.bitbucket", "'bitbucket'", '"bitbucket"',
              "bitbucket_pipes_toolkit",
              # API paths joined to a base the file does not hold (settings, a base class elsewhere)
              "2.0/", "1.0/", "/repositories", "/workspaces/", "/teams/",
              # an HTTP library beside a Bitbucket mention: the URL may come from configuration
              "requests.", "urllib", "httpx", "aiohttp", "axios", "fetch(", "'request'", '"request"',
              "httpclient", "okhttp", "resttemplate", "webclient", "unirest", "openconnection", "httprequest",
              "httpget", "httppost", "curl_", "guzzle", "net::http", "faraday", "httparty", "restclient",
              "newrequest", "resty", "webrequest", "got(", "got.", "superagent", "net/http", "restsharp",
              "https.request", "https.get", "http.request", "http.get", "request-promise", "sync-request",
              "then-request", "sling.",
              # a console read beside a Bitbucket mention: a credential typed in (prompt-echoes-secret)
              "console.readline", "fmt.scan")


GIT_USERS = ("x-token-auth", "x-bitbucket-api-token-auth")  # git usernames only Bitbucket takes


def mentions(doc: Document) -> bool:
    """The word itself, or a git username only Bitbucket takes, anywhere in the document."""
    lower = doc.lower
    return WORD in lower or any(user in lower for user in GIT_USERS)


def may_concern(doc: Document) -> bool:
    """Cheap first test, before the document's kind is known: a pipeline file or a mention."""
    return mentions(doc) or is_pipeline_name(doc.name.lower())


def concerns(doc: Document, kind: FileKind) -> bool:
    """Whether usage detection is worth running on this document."""
    if is_pipeline_name(doc.name.lower()):
        return True
    if not mentions(doc):
        return False
    return kind not in PROGRAMS or any(hint in doc.lower for hint in CALL_HINTS)
