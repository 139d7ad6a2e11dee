"""Groovy (Jenkinsfiles, Jenkins shared libraries) as data: the JVM's clients and built-ins
(tokenlint.detectors.http_libraries.java), Groovy's own spellings of them, and Jenkins steps.

- `new URL(u).openConnection()` (or `u.toURL()`, which the front end lowers to `new URL(u)`):
  the request is reported where the connection is opened, its credential where the code sets
  it (`setRequestProperty('Authorization', …)`); it is sent when a response is read, with
  Groovy's property spelling too (`conn.inputStream`, `conn.responseCode`, `conn.outputStream
  << body`), and `conn.requestMethod = 'POST'` / `conn.doOutput = true` set it like the setters.
  The GDK's `url.getText(requestProperties: [Authorization: …])` and `url.text` send too.
- The HTTP Request plugin's `httpRequest url: …, httpMode: 'POST', authentication: 'cred-id',
  customHeaders: [[name: 'Authorization', value: …]], ignoreSslErrors: true`: named arguments
  read with the shared KEYS; `authentication` is a Jenkins credentials id, sent as Basic with
  that credential (the id is all the file shows of it).
- `withCredentials([usernamePassword(credentialsId: 'bitbucket-app-password', passwordVariable:
  'P')]) { … }`: the block runs where it stands, the bound variables are names (`${P}`), and the
  calls whose credential one of them is are typed by the credentials id when it names a type
  (tokenlint.detectors.groovy_calls.type_by_credentials_id, run as this table's `retype`).
"""

from __future__ import annotations

from tokenlint.detectors.http_libraries import Entry, Library, Make, Send
from tokenlint.detectors.http_libraries.java import CALLS as JAVA_CALLS
from tokenlint.detectors.http_libraries.java import METHODS as JAVA_METHODS
from tokenlint.facts import ApiCall

_READ = Send("HttpURLConnection", method="")

CALLS: dict[str, Entry] = {
    **JAVA_CALLS,
    "URL": Make("connection", "HttpURLConnection", url="0", here=True),
    "httpRequest": Send("httpRequest", url="0", options="named"),
}

METHODS: dict[tuple[str, str], Entry] = {
    **JAVA_METHODS,
    # Groovy reads a getter as a property: `conn.inputStream`, `conn.responseCode`
    **{("connection", p): _READ for p in ("inputStream", "responseCode", "outputStream", "content", "errorStream",
                                          "responseMessage", "text")},
    ("connection", "getText"): Send("HttpURLConnection", method="", headers="requestProperties|0.requestProperties"),
    ("connection", "newReader"): _READ, ("connection", "withReader"): _READ,
}


def _retype(text: str, calls: list[ApiCall]) -> None:
    from tokenlint.detectors import groovy_calls  # only files that bind credentials need it

    if "withCredentials" in text:
        groovy_calls.type_by_credentials_id(calls, groovy_calls.credential_bindings(text))


LIBRARY = Library("groovy", calls=CALLS, methods=METHODS, env_objects=frozenset(("env", "params")),
                  properties={"requestMethod": "method", "doOutput": "post"}, retype=_retype)
