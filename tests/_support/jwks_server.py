"""A user pool's JWKS served over real HTTP on loopback, with the fetches counted."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from _support.tokens import POOL_ID


@dataclass
class JwksServer:
    """What the server publishes (`jwks`) and how many times it was fetched (`requests`). `endpoint` stands for a
    Cognito endpoint: the JWKS is at {endpoint}/{POOL_ID}/.well-known/jwks.json."""

    endpoint: str = ""
    jwks: dict[str, Any] = field(default_factory=lambda: {"keys": []})
    requests: int = 0

    @property
    def url(self) -> str:
        return f"{self.endpoint}/{POOL_ID}/.well-known/jwks.json"


@contextmanager
def serve_jwks(jwks: dict[str, Any], base_path: str = "") -> Iterator[JwksServer]:
    state = JwksServer(jwks=jwks)
    wanted = f"{base_path}/{POOL_ID}/.well-known/jwks.json"

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests += 1
            found = self.path == wanted
            body = json.dumps(state.jwks if found else {"message": "not found"}).encode()
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: the test output is for the code under test."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # A short poll keeps shutdown() quick at the end of every test.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    state.endpoint = f"http://127.0.0.1:{server.server_address[1]}{base_path}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
