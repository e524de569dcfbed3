"""Requests and responses of the socket-free gateway, the responses API Gateway itself produces (byte for byte),
and the reading of a Lambda proxy response."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LocalRequest:
    """One HTTP request as it reached the server: the path still percent-encoded, headers in arrival order."""

    method: str
    raw_path: str
    query_string: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    source_ip: str = "127.0.0.1"


@dataclass(frozen=True)
class LocalResponse:
    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)


@dataclass(frozen=True)
class GatewayError:
    """A response API Gateway produces itself (a gateway response), with its exact body and x-amzn-ErrorType."""

    status: int
    body: str
    error_type: str = ""

    def response(self, request_id: str) -> LocalResponse:
        headers = [("Content-Type", "application/json"), ("x-amzn-RequestId", request_id)]
        if self.error_type:
            headers.append(("x-amzn-ErrorType", self.error_type))
        return LocalResponse(self.status, tuple(headers), self.body.encode())


MISSING_AUTHENTICATION_TOKEN = GatewayError(
    403, '{"message":"Missing Authentication Token"}', "MissingAuthenticationTokenException"
)
UNAUTHORIZED = GatewayError(401, '{"message":"Unauthorized"}', "UnauthorizedException")
ACCESS_DENIED = GatewayError(
    403, '{"Message":"User is not authorized to access this resource"}', "AccessDeniedException"
)
EXPLICIT_DENY = GatewayError(
    403, '{"Message":"User is not authorized to access this resource with an explicit deny"}', "AccessDeniedException"
)
AUTHORIZER_FAILURE = GatewayError(500, '{"message": null}', "AuthorizerConfigurationException")
INTERNAL_SERVER_ERROR = GatewayError(502, '{"message": "Internal server error"}', "InternalServerErrorException")

_PROXY_KEYS = frozenset({"statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded"})


class MalformedProxyResponse(ValueError):
    """What API Gateway logs as 'Malformed Lambda proxy response' and answers with 502."""


def proxy_response(result: Any, request_id: str) -> LocalResponse:
    """The HTTP response a Lambda proxy integration result stands for; MalformedProxyResponse when it is not one."""
    if not isinstance(result, Mapping) or set(result) - _PROXY_KEYS:
        raise MalformedProxyResponse("not an object of statusCode, headers, multiValueHeaders, body, isBase64Encoded")
    status = result.get("statusCode")
    if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
        raise MalformedProxyResponse(f"statusCode {status!r} is not an HTTP status")
    headers = _merged_headers(result.get("headers"), result.get("multiValueHeaders"))
    if not any(name.lower() == "content-type" for name, _ in headers):
        headers.append(("Content-Type", "application/json"))  # API Gateway's default for a proxy response
    headers.append(("x-amzn-RequestId", request_id))
    return LocalResponse(status, tuple(headers), _body(result.get("body"), result.get("isBase64Encoded", False)))


def _merged_headers(single: Any, multi: Any) -> list[tuple[str, str]]:
    """Both maps, merged; a name in multiValueHeaders takes its values from there only."""
    single, multi = single or {}, multi or {}
    if not isinstance(single, Mapping) or not isinstance(multi, Mapping):
        raise MalformedProxyResponse("headers and multiValueHeaders must be objects")
    merged: list[tuple[str, str]] = []
    for name, values in multi.items():
        if not isinstance(values, list):
            raise MalformedProxyResponse(f"multiValueHeaders[{name!r}] is not a list")
        merged.extend((str(name), _header_value(value)) for value in values)
    merged.extend((str(name), _header_value(value)) for name, value in single.items() if name not in multi)
    return merged


def _header_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise MalformedProxyResponse(f"header value {value!r} is not a string")


def _body(body: Any, is_base64: Any) -> bytes:
    if body is None:
        return b""
    if not isinstance(body, str) or not isinstance(is_base64, bool):
        raise MalformedProxyResponse("body must be a string and isBase64Encoded a boolean")
    if not is_base64:
        return body.encode()
    try:
        return base64.b64decode(body, validate=True)
    except binascii.Error:
        raise MalformedProxyResponse("body is not valid base64") from None
