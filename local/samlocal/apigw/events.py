"""The events API Gateway sends to Lambda: the REST (v1) proxy integration event and the TOKEN authorizer event."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl

from samlocal.apigw.responses import LocalRequest
from samlocal.apigw.routing import RouteMatch


@dataclass(frozen=True)
class ApiContext:
    """Where the request arrived: the API (its local id), the stage, the account; the request's id and time."""

    api_id: str
    stage: str
    account_id: str
    region: str
    request_id: str
    received: datetime


def method_arn(api: ApiContext, method: str, resource_path: str) -> str:
    """arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}, the resource a policy names."""
    return f"arn:aws:execute-api:{api.region}:{api.account_id}:{api.api_id}/{api.stage}/{method}/{resource_path[1:]}"


def token_event(token: str, arn: str) -> dict[str, str]:
    return {"type": "TOKEN", "authorizationToken": token, "methodArn": arn}


def proxy_event(request: LocalRequest, match: RouteMatch, api: ApiContext, authorizer: Any) -> dict[str, Any]:
    headers, multi_headers = _pairs(list(request.headers))
    query, multi_query = _pairs(parse_qsl(request.query_string, keep_blank_values=True))
    body, is_base64 = _body(request.body)
    return {
        "resource": match.route.path,
        "path": match.path,
        "httpMethod": request.method.upper(),
        "headers": headers,
        "multiValueHeaders": multi_headers,
        "queryStringParameters": query,
        "multiValueQueryStringParameters": multi_query,
        "pathParameters": match.path_parameters or None,
        "stageVariables": None,
        "requestContext": _request_context(request, match, api, authorizer, headers or {}),
        "body": body,
        "isBase64Encoded": is_base64,
    }


def _request_context(
    request: LocalRequest, match: RouteMatch, api: ApiContext, authorizer: Any, headers: dict[str, str]
) -> dict[str, Any]:
    return {
        "accountId": api.account_id,
        "apiId": api.api_id,
        "authorizer": authorizer,
        "domainName": _header(headers, "host"),
        "extendedRequestId": api.request_id,
        "httpMethod": request.method.upper(),
        "identity": {
            "accessKey": None,
            "accountId": None,
            "apiKey": None,
            "apiKeyId": None,
            "caller": None,
            "cognitoAuthenticationProvider": None,
            "cognitoAuthenticationType": None,
            "cognitoIdentityId": None,
            "cognitoIdentityPoolId": None,
            "principalOrgId": None,
            "sourceIp": request.source_ip,
            "user": None,
            "userAgent": _header(headers, "user-agent"),
            "userArn": None,
        },
        "path": f"/{api.stage}{match.path}",
        "protocol": "HTTP/1.1",
        "requestId": api.request_id,
        "requestTime": api.received.strftime("%d/%b/%Y:%H:%M:%S +0000"),
        "requestTimeEpoch": int(api.received.timestamp() * 1000),
        "resourceId": hashlib.sha256(match.route.path.encode()).hexdigest()[:6],
        "resourcePath": match.route.path,
        "stage": api.stage,
    }


def _pairs(pairs: list[tuple[str, str]]) -> tuple[dict[str, str] | None, dict[str, list[str]] | None]:
    """The single-value map (the last value wins, as API Gateway does) and the multi-value map; None when empty."""
    if not pairs:
        return None, None
    multi: dict[str, list[str]] = {}
    for name, value in pairs:
        multi.setdefault(name, []).append(value)
    return {name: values[-1] for name, values in multi.items()}, multi


def _header(headers: dict[str, str], name: str) -> str | None:
    return next((value for key, value in headers.items() if key.lower() == name), None)


def _body(raw: bytes) -> tuple[str | None, bool]:
    """Text as text; bytes that are not UTF-8 as base64, flagged isBase64Encoded."""
    if not raw:
        return None, False
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError:
        return base64.b64encode(raw).decode("ascii"), True
