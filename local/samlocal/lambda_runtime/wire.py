"""The frames between the gateway and an execution environment, in the framing of multiprocessing's
Connection.send_bytes (a signed 4-byte big-endian length, then the bytes), so the worker uses a plain Connection
and the gateway reads the same socket from its event loop.

The worker answers READY (or INIT_ERROR and Lambda's error object) once its handler is imported, then each
invocation with OK and the result's JSON, or ERROR (or FATAL, when the environment is ending) and the error
object."""

from __future__ import annotations

import asyncio
import struct
from collections import deque

READY = b"r"
INIT_ERROR = b"i"
OK = b"o"
ERROR = b"e"
# An error after which the environment ends (out of memory): the gateway sends it nothing more.
FATAL = b"f"

_HEADER = struct.Struct("!i")


def frame(payload: bytes) -> bytes:
    return _HEADER.pack(len(payload)) + payload


class Closed(Exception):
    """The other end went away: the process exited, crashed or was killed."""


class FrameReader(asyncio.Protocol):
    """Collects the frames arriving on one socket; `next_frame()` waits for the next one."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._frames: deque[bytes] = deque()
        self._waiter: asyncio.Future[None] | None = None
        self.closed = False

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while len(self._buffer) >= _HEADER.size:
            (size,) = _HEADER.unpack_from(self._buffer)
            end = _HEADER.size + size
            if len(self._buffer) < end:
                break
            self._frames.append(bytes(self._buffer[_HEADER.size : end]))
            del self._buffer[:end]
        self._wake()

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        self._wake()

    def _wake(self) -> None:
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    async def next_frame(self) -> bytes:
        while not self._frames:
            if self.closed:
                raise Closed
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        return self._frames.popleft()
