"""The gateway as an ASGI application (for uvicorn). Invocations run in worker threads, never on the event loop."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote

from samlocal.apigw.gateway import Gateway
from samlocal.apigw.responses import LocalRequest
from samlocal.asgi import Receive, Scope, Send, run_lifespan


class GatewayApp:
    """Serves `gateway` over ASGI; on lifespan shutdown it stops the gateway's execution environments."""

    def __init__(self, gateway: Gateway, *, max_concurrent_requests: int = 64) -> None:
        self.gateway = gateway
        self._executor = ThreadPoolExecutor(max_concurrent_requests, thread_name_prefix="gateway")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = LocalRequest(
            method=scope["method"],
            raw_path=_raw_path(scope),
            query_string=scope.get("query_string", b"").decode("latin-1"),
            headers=tuple((name.decode("latin-1"), value.decode("latin-1")) for name, value in scope["headers"]),
            body=await _body(receive),
            source_ip=scope["client"][0] if scope.get("client") else "127.0.0.1",
        )
        response = await asyncio.get_running_loop().run_in_executor(self._executor, self.gateway.handle, request)
        await send(
            {
                "type": "http.response.start",
                "status": response.status,
                "headers": [(name.encode("latin-1"), value.encode("latin-1")) for name, value in response.headers],
            }
        )
        await send({"type": "http.response.body", "body": response.body})

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        await run_lifespan(receive, send, self.close)

    def close(self) -> None:
        self.gateway.close()
        self._executor.shutdown(wait=False, cancel_futures=True)


def _raw_path(scope: Scope) -> str:
    raw = scope.get("raw_path")
    return raw.decode("latin-1") if raw else quote(scope["path"])


async def _body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if message["type"] != "http.request" or not message.get("more_body", False):
            return b"".join(chunks)
