"""The gateway as an ASGI application (for uvicorn). Requests are handled on uvicorn's event loop, to which the
invoker is bound on the first request: an invocation is awaited there, never a thread per request."""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from samlocal.apigw.gateway import Gateway
from samlocal.apigw.responses import LocalRequest
from samlocal.asgi import Receive, Scope, Send, run_lifespan


class GatewayApp:
    """Serves `gateway` over ASGI; on lifespan shutdown it stops the gateway's execution environments."""

    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway
        self._bound = False

    def bind(self) -> None:
        """Runs the gateway's invocations on the running event loop: call it at lifespan startup, before anything
        (a reload included) has made the invoker start a loop of its own."""
        if not self._bound:
            self.gateway.invoker.bind(asyncio.get_running_loop())
            self._bound = True

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
        self.bind()  # served without a lifespan: bound by the first request
        response = await self.gateway.handle_async(request)
        await send(
            {
                "type": "http.response.start",
                "status": response.status,
                "headers": [(name.encode("latin-1"), value.encode("latin-1")) for name, value in response.headers],
            }
        )
        await send({"type": "http.response.body", "body": response.body})

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        self.bind()
        await run_lifespan(receive, send, self.close)

    def close(self) -> None:
        self.gateway.close()


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
