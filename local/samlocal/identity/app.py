"""The provider over HTTP: a raw ASGI application speaking Cognito's AWS JSON 1.1 protocol.

It may be mounted under a path prefix (`base_path`) and receives full request paths. Tokens name the issuer
`{endpoint}/{poolId}`. A server whose verifiers expect one issuer (the local stack) passes its fixed `endpoint`, so no
Host header can choose the issuer; without one (a standalone server on a port picked at random) the endpoint is
`{scheme}://{Host}{base_path}`, the host and port the client actually used."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from typing import Any

from samlocal.asgi import ASGIApp, BodyRefused, Receive, Scope, Send, json_object, read_body, send_aws_json
from samlocal.identity.errors import CognitoError, Serialization, UnknownOperation
from samlocal.identity.provider import IdentityProvider

TARGET_PREFIX = "AWSCognitoIdentityProviderService."
MAX_BODY_BYTES = 1 << 20
_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")

log = logging.getLogger("samlocal.identity")


def create_app(provider: IdentityProvider, base_path: str = "", *, endpoint: str | None = None) -> ASGIApp:
    """`endpoint`: what clients pass as --endpoint-url (base path included), fixing the issuer of every token and
    document whatever Host a request names; None derives it from each request's Host header."""
    return _IdentityApp(provider, base_path.rstrip("/"), endpoint.rstrip("/") if endpoint is not None else None)


class _IdentityApp:
    def __init__(self, provider: IdentityProvider, base_path: str, endpoint: str | None) -> None:
        self._provider = provider
        self._base = base_path
        self._endpoint = endpoint
        well_known = f"{base_path}/{provider.pool_id}/.well-known"
        self._documents: dict[str, Callable[[str], dict[str, Any]]] = {
            f"{well_known}/jwks.json": lambda endpoint: provider.jwks(),
            f"{well_known}/openid-configuration": provider.openid_configuration,
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        status, body = await self._respond(scope, receive)
        await send_aws_json(send, status, body)

    async def _respond(self, scope: Scope, receive: Receive) -> tuple[int, dict[str, Any]]:
        path, method = scope["path"], scope["method"]
        endpoint = self._endpoint or _endpoint(scope, self._base)
        if endpoint is None:
            return 400, {"__type": "InvalidParameterException", "message": "The Host header is not a valid host."}
        if path in (self._base, f"{self._base}/"):
            if method != "POST":
                return 405, {"message": "Cognito operations are POSTed as AWS JSON 1.1"}
            return await self._operation(scope, receive, endpoint)
        document = self._documents.get(path)
        if document is None or method != "GET":
            return 404, {"message": f"Not found: {path}"}
        return 200, document(endpoint)

    async def _operation(self, scope: Scope, receive: Receive, endpoint: str) -> tuple[int, dict[str, Any]]:
        try:
            operation = _operation_name(scope)
            params = json_object(await read_body(receive, MAX_BODY_BYTES))
            # Hashing passwords and SQLite are blocking: keep them off the event loop.
            return 200, await asyncio.to_thread(self._provider.call, operation, params, endpoint)
        except CognitoError as error:
            return 400, {"__type": error.type_name, "message": error.message}
        except BodyRefused as refused:
            return 400, {"__type": Serialization.type_name, "message": str(refused)}
        except Exception:
            log.exception("identity provider failed")
            return 500, {"__type": "InternalErrorException", "message": "Internal error"}


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _endpoint(scope: Scope, base: str) -> str | None:
    host = _header(scope, b"host")
    if host is None:
        server_host, port = scope.get("server") or ("127.0.0.1", 80)
        host = f"{server_host}:{port}"
    if not _HOST.match(host):
        return None
    return f"{scope.get('scheme', 'http')}://{host}{base}"


def _operation_name(scope: Scope) -> str:
    target = _header(scope, b"x-amz-target") or ""
    if not target.startswith(TARGET_PREFIX):
        raise UnknownOperation(f"Unknown X-Amz-Target {target!r}: expected {TARGET_PREFIX}<Operation>")
    return target.removeprefix(TARGET_PREFIX)


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
