"""Serving an ASGI app with uvicorn on a free loopback port in a background thread (tests and dev tools)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from foodorder.local.identity.app import ASGIApp, create_app
from foodorder.local.identity.provider import IdentityProvider

_START_TIMEOUT_SECONDS = 10.0


@contextmanager
def serve_in_background(app: ASGIApp, host: str = "127.0.0.1") -> Iterator[str]:
    """Yields the server's base URL, `http://127.0.0.1:<port>`, and stops the server on exit."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((host, 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + _START_TIMEOUT_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not start on {host}:{port}")
        time.sleep(0.01)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join()
        sock.close()


@contextmanager
def serve_identity_provider(provider: IdentityProvider, base_path: str = "") -> Iterator[str]:
    """Yields the Cognito endpoint (what clients pass as --endpoint-url), base path included."""
    with serve_in_background(create_app(provider, base_path)) as url:
        yield f"{url}{base_path.rstrip('/')}"
