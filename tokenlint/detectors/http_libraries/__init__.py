"""What HTTP libraries do, as data the language front ends share: which call sends which method,
where the URL, headers and credentials of a request come from, which objects a request
inherits them from (sessions, clients, instances), and which helpers compute a value (base64,
environment reads, URL joins) that the evaluator follows.

One module per language (`python`, `javascript`); a new language adds its table here and a
parser under tokenlint/parsers/. The front ends (tokenlint/detectors/*_calls.py) read these
tables and hand what they resolve to `tokenlint.detectors.calls.request_call`, which knows
nothing of any library.
"""

from __future__ import annotations

#: HTTP verbs that libraries of every language expose as methods (`requests.get`, `axios.post`).
VERBS = frozenset(("get", "post", "put", "patch", "delete", "head", "options"))
