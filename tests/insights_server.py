"""A local stand-in for Bitbucket's Reports API (tests only; 127.0.0.1, never the internet).

Every request is checked as Bitbucket's published OpenAPI document (scripts/bitbucket-openapi.json)
describes it: the method and path must be an operation of the document, the body must validate
against that operation's request schema (`report`, or an array of 1 to 100 `report_annotation`),
and Content-Type must be JSON. What it finds wrong is collected in `problems`; what it answers is
scripted per request (`replies`), else 200 with the body echoed.
"""

from __future__ import annotations

import json
import re
import socket
import threading
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema

SPEC = Path(__file__).resolve().parent.parent / "scripts" / "bitbucket-openapi.json"
REPORT = "/repositories/{workspace}/{repo_slug}/commit/{commit}/reports/{reportId}"
ANNOTATIONS = REPORT + "/annotations"


@cache
def spec() -> dict[str, Any]:
    return json.loads(SPEC.read_text(encoding="utf-8"))


#: What `report_data.value` holds per `type`, from the "Data field formats" table in the PUT
#: operation's description. The schema itself says `"type": "object"` for every value, which
#: contradicts that table and the operation's own sample (`"value": 14`, `"value": false`): the one
#: place the check follows the prose, and then more strictly (per type) than the schema would.
VALUE_TYPES = {"BOOLEAN": bool, "DATE": int, "DURATION": int, "NUMBER": (int, float), "PERCENTAGE": (int, float),
               "TEXT": str, "LINK": dict}


@cache
def request_schema(template: str, method: str) -> dict[str, Any]:
    """The operation's JSON request schema, with the document's components so `$ref`s resolve."""
    operation = spec()["paths"][template][method.lower()]
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    components = json.loads(json.dumps(spec()["components"]))
    components["schemas"]["report_data"]["properties"]["value"] = {"type": ["boolean", "number", "string", "object"]}
    return {**schema, "components": components}


def data_problems(report: Any) -> list[str]:
    """Each `data` item's value must be what its `type` takes (VALUE_TYPES); at most 10 items."""
    items = report.get("data", []) if isinstance(report, dict) else []
    out = [f"{len(items)} data items (at most 10)"] if len(items) > 10 else []
    for item in items:
        kind = VALUE_TYPES.get(item.get("type"))
        value = item.get("value")
        if kind is None or not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            out.append(f"data item {item.get('title')!r}: {value!r} is no {item.get('type')}")
    return out


def _pattern(template: str) -> re.Pattern[str]:
    return re.compile("^/2\\.0" + re.sub(r"\\\{[A-Za-z_]+\\\}", "[^/]+", re.escape(template)) + "$")


@dataclass
class Seen:
    method: str
    target: str  # the request line's target: a path, or an absolute URL through a proxy
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b"{}"


class Server:
    """`with Server() as s:` … `s.url` is the API base (`http://127.0.0.1:PORT/2.0`)."""

    def __init__(self, replies: list[Reply] | None = None):
        self.replies = list(replies or [])
        self.seen: list[Seen] = []
        self.problems: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                outer.check(self.command, self.path, dict(self.headers.items()), raw)
                reply = outer.replies.pop(0) if outer.replies else Reply(200, {}, raw or b"{}")
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            do_PUT = do_POST = do_GET = do_DELETE = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/2.0"
        self.proxy = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def check(self, method: str, target: str, headers: dict[str, str], raw: bytes) -> None:
        path = urlsplit(target).path
        try:
            body = json.loads(raw.decode("utf-8"))
        except ValueError:
            body = None
            self.problems.append(f"{method} {path}: body is not JSON")
        self.seen.append(Seen(method, target, path, {k.lower(): v for k, v in headers.items()}, body))
        if not headers.get("Content-Type", "").startswith("application/json"):
            self.problems.append(f"{method} {path}: Content-Type {headers.get('Content-Type')!r}")
        for template in (ANNOTATIONS, REPORT):
            if _pattern(template).match(path):
                if method.lower() not in spec()["paths"][template]:
                    self.problems.append(f"{method} {path}: no such operation")
                    return
                try:
                    jsonschema.validate(body, request_schema(template, method))
                except jsonschema.ValidationError as exc:
                    self.problems.append(f"{method} {path}: {exc.message}")
                if template == REPORT:
                    self.problems.extend(f"{method} {path}: {p}" for p in data_problems(body))
                return
        self.problems.append(f"{method} {path}: not a Reports API path")

    def __enter__(self) -> Server:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class Silent:
    """A server that takes connections and never answers: `url` for timeouts."""

    def __enter__(self) -> Silent:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)  # the kernel completes the handshake; nobody ever reads or writes
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/2.0"
        return self

    def __exit__(self, *exc: object) -> None:
        self.sock.close()
