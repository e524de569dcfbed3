"""EventBridge over HTTP: a raw ASGI application speaking the AWS JSON 1.1 protocol
(`X-Amz-Target: AWSEvents.<Operation>`), as boto3's `events` client and `aws events` send it. Signatures are not
checked: any credentials will do, as with the local identity provider."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from samlocal.asgi import (
    ASGIApp,
    BodyRefused,
    BodyTooLarge,
    Receive,
    Scope,
    Send,
    json_object,
    read_body,
    send_aws_json,
)
from samlocal.events.bus import EventBus
from samlocal.events.entries import RequestInvalid

TARGET_PREFIX = "AWSEvents."
# PutEvents takes at most 256 KB of entries; a body far beyond that is refused before it is parsed.
MAX_BODY_BYTES = 1 << 20

log = logging.getLogger("samlocal.events")


class _Refused(Exception):
    def __init__(self, type_name: str, message: str) -> None:
        super().__init__(message)
        self.type_name = type_name
        self.message = message


def create_events_app(bus: EventBus, base_path: str = "") -> ASGIApp:
    return _EventsApp(bus, base_path.rstrip("/"))


class _EventsApp:
    def __init__(self, bus: EventBus, base_path: str) -> None:
        self._bus = bus
        self._base = base_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        status, body = await self._respond(scope, receive)
        await send_aws_json(send, status, body)

    async def _respond(self, scope: Scope, receive: Receive) -> tuple[int, dict[str, Any]]:
        # Every error carries `__type`, which AWS JSON 1.1 clients read as the error's code.
        if scope["path"] not in (self._base, f"{self._base}/"):
            return 404, {"__type": "UnknownOperationException", "message": f"Not found: {scope['path']}"}
        if scope["method"] != "POST":
            return 405, {"__type": "UnknownOperationException",
                         "message": "EventBridge operations are POSTed as AWS JSON 1.1"}  # fmt: skip
        try:
            _check_operation(scope)
            params = json_object(await read_body(receive, MAX_BODY_BYTES))
            # The queue is SQLite: keep its write off the event loop.
            return 200, await asyncio.to_thread(self._bus.put_events, params)
        except _Refused as refused:
            return 400, {"__type": refused.type_name, "message": refused.message}
        except BodyTooLarge:
            message = "Total size of the entries in the request is over the limit."
            return 400, {"__type": "ValidationException", "message": message}
        except BodyRefused as refused:
            return 400, {"__type": "SerializationException", "message": str(refused)}
        except RequestInvalid as invalid:
            return 400, {"__type": "ValidationException", "message": str(invalid)}
        except Exception:
            log.exception("PutEvents failed")
            return 500, {"__type": "InternalException", "message": "Internal error"}


def _check_operation(scope: Scope) -> None:
    target = next((bytes(v).decode("latin-1") for k, v in scope["headers"] if k.lower() == b"x-amz-target"), "")
    if target != f"{TARGET_PREFIX}PutEvents":
        raise _Refused("UnknownOperationException", f"Operation {target!r} is not served locally (PutEvents only)")
