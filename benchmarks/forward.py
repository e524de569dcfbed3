"""The process-boundary ceiling: an ASGI app on the same uvicorn that hands each request to a worker process and
answers with what the worker sends back, doing no other work. It is the limit of a process-per-function design on
this machine: the stack's gateway, authorizer and handler cost whatever the stack measures below it.

It crosses the boundary as the stack does: as many workers as the stack starts for one function, each spoken to
over a socket in the stack's framing (samlocal.lambda_runtime.wire), a plain multiprocessing Connection on the
worker's side, the gateway's side read from the event loop.

Run by bench.py as `python benchmarks/forward.py PORT_FILE`: it listens on a free port, writes the port to
PORT_FILE and serves until SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import socket
import sys
from collections import deque
from multiprocessing.connection import Connection
from pathlib import Path

import uvicorn

from samlocal.asgi import ASGIApp, Receive, Scope, Send, listening_socket
from samlocal.lambda_runtime.processes import MAX_ENVIRONMENTS
from samlocal.lambda_runtime.wire import FrameReader, frame
from samlocal.server.stack import uvicorn_config

BODY = b'{"message":"hello"}'
Channel = tuple[asyncio.Transport, FrameReader]


def worker(sock: socket.socket) -> None:
    connection = Connection(sock.detach())
    with contextlib.suppress(EOFError):  # the server went away: so does its worker
        while connection.recv_bytes():
            connection.send_bytes(BODY)


class Workers:
    """Started before the server; their sockets join the event loop at lifespan startup."""

    def __init__(self, count: int) -> None:
        self._sockets: list[socket.socket] = []
        self._idle: list[Channel] = []
        self._waiting: deque[asyncio.Future[None]] = deque()
        context = multiprocessing.get_context("fork")
        for _ in range(count):
            ours, theirs = socket.socketpair()
            context.Process(target=worker, args=(theirs,), daemon=True).start()
            theirs.close()
            self._sockets.append(ours)

    async def connect(self) -> None:
        loop = asyncio.get_running_loop()
        for sock in self._sockets:
            self._idle.append(await loop.connect_accepted_socket(FrameReader, sock))

    async def call(self, request: bytes) -> bytes:
        while not self._idle:
            waiter = asyncio.get_running_loop().create_future()
            self._waiting.append(waiter)
            await waiter
        transport, reader = channel = self._idle.pop()
        transport.write(frame(request))
        try:
            return await reader.next_frame()
        finally:
            self._idle.append(channel)
            while self._waiting:
                waiter = self._waiting.popleft()
                if not waiter.done():  # its request may have been cancelled while it waited
                    waiter.set_result(None)
                    break


def application(workers: Workers) -> ASGIApp:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            while (await receive())["type"] != "lifespan.shutdown":
                await workers.connect()
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        await receive()
        body = await workers.call(scope["raw_path"])
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


if __name__ == "__main__":
    workers = Workers(MAX_ENVIRONMENTS)
    with listening_socket("127.0.0.1", 0) as sock:
        sock.listen(2048)  # connections wait in the backlog from the moment the port is announced
        Path(sys.argv[1]).write_text(str(sock.getsockname()[1]))
        uvicorn.Server(uvicorn_config(application(workers))).run(sockets=[sock])
