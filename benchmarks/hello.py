"""The ceiling: a bare ASGI "hello" app on the same uvicorn, configured as the local stack configures it.

Run by bench.py as `python benchmarks/hello.py PORT_FILE`: it listens on a free port, writes the port to
PORT_FILE and serves until SIGTERM."""

from __future__ import annotations

import sys
from pathlib import Path

import uvicorn

from samlocal.asgi import Receive, Scope, Send, listening_socket
from samlocal.server.stack import uvicorn_config

BODY = b'{"message":"hello"}'


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    await receive()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": BODY})


if __name__ == "__main__":
    with listening_socket("127.0.0.1", 0) as sock:
        sock.listen(2048)  # connections wait in the backlog from the moment the port is announced
        Path(sys.argv[1]).write_text(str(sock.getsockname()[1]))
        config = uvicorn_config(app)
        config.lifespan = "off"
        uvicorn.Server(config).run(sockets=[sock])
