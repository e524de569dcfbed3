"""ASGI plumbing every local server shares: the types, the lifespan, the listening socket, and a background server
(tests and tools)."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any

import uvicorn

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


async def run_lifespan(receive: Receive, send: Send, on_shutdown: Callable[[], None]) -> None:
    """ASGI lifespan: nothing to do at startup; `on_shutdown` (blocking, so off the event loop) at shutdown."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await asyncio.get_running_loop().run_in_executor(None, on_shutdown)
            await send({"type": "lifespan.shutdown.complete"})
            return


class BodyRefused(Exception):
    """A request body the AWS JSON 1.1 servers cannot take; the message says why, for the client."""


class BodyTooLarge(BodyRefused):
    pass


async def read_body(receive: Receive, limit: int) -> bytes:
    """The whole request body; BodyTooLarge as soon as it passes `limit` bytes, before the rest arrives."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        chunk = bytes(message.get("body", b""))
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(f"Request body is larger than {limit} bytes")
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def json_object(body: bytes) -> dict[str, Any]:
    """The body as a JSON object (an empty body is {}); BodyRefused when it is not one. Nesting deeper than the
    parser goes is not JSON it can read either: a refusal, never a 500."""
    try:
        params = json.loads(body or b"{}")
    except (ValueError, RecursionError):
        raise BodyRefused("The request body is not valid JSON") from None
    if not isinstance(params, dict):
        raise BodyRefused("The request body must be a JSON object")
    return params


async def send_aws_json(send: Send, status: int, body: dict[str, Any]) -> None:
    """An AWS JSON 1.1 answer, with the request id AWS services put on every response."""
    payload = json.dumps(body).encode()
    headers = [
        (b"content-type", b"application/x-amz-json-1.1"),
        (b"content-length", str(len(payload)).encode()),
        (b"x-amzn-requestid", str(uuid.uuid4()).encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


_START_TIMEOUT_SECONDS = 10.0


def listening_socket(host: str, port: int) -> socket.socket:
    # IPPROTO_TCP, not 0: asyncio turns on TCP_NODELAY only for sockets that say they are TCP; without it every
    # response on a kept-alive connection waits ~40 ms for the client's delayed ACK (headers and body are 2 writes).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise OSError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    return sock


@contextmanager
def serve_in_background(app: ASGIApp, host: str = "127.0.0.1") -> Iterator[str]:
    """Serves `app` with uvicorn on a free port in a thread; yields `http://{host}:{port}`, stops it on exit."""
    with listening_socket(host, 0) as sock:
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
