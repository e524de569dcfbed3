"""Browsers and the local gateway, as API Gateway serves an API with SAM's `Cors` and `GatewayResponses`:

- a preflight (OPTIONS on a resource of the API) is answered by the gateway itself, as the MOCK integration SAM
  adds for `Cors` does: 200 with the Access-Control-* headers of `Cors`, no authorizer, no function;
- API Gateway's own answers (the ones with x-amzn-ErrorType) carry the headers of the gateway response of their
  type, else of DEFAULT_4XX or DEFAULT_5XX;
- a function's proxy response is left as it is: API Gateway adds nothing to it, the function sets its own.

Two pure functions around the gateway's request path: `preflight` before it, `decorate` after it."""

from __future__ import annotations

import uuid
from urllib.parse import unquote

from samlocal.apigw.responses import LocalRequest, LocalResponse
from samlocal.apigw.routing import match_resource, same_segment, split_path
from samlocal.template.cors import Headers
from samlocal.template.topology import ApiSpec, Topology

# x-amzn-ErrorType of the gateway's own answers -> the gateway response type that shapes it.
_RESPONSE_TYPES = {
    "UnauthorizedException": "UNAUTHORIZED",
    "AccessDeniedException": "ACCESS_DENIED",
    "MissingAuthenticationTokenException": "MISSING_AUTHENTICATION_TOKEN",
    "AuthorizerConfigurationException": "AUTHORIZER_CONFIGURATION_ERROR",
}


def _api_of(topology: Topology, request: LocalRequest) -> tuple[ApiSpec, list[str]] | None:
    """The API a request is for (served under /{ApiLogicalId}/{Stage}) and the path segments below its stage."""
    segments = split_path(request.raw_path)
    api = topology.apis.get(unquote(segments[0])) if segments else None
    if api is None or len(segments) < 2 or not same_segment(segments[1], api.stage):
        return None
    return api, segments[2:]


def preflight(topology: Topology, request: LocalRequest) -> LocalResponse | None:
    """API Gateway's answer to a CORS preflight; None when the request is not one the API answers itself."""
    found = _api_of(topology, request) if request.method.upper() == "OPTIONS" else None
    if found is None:
        return None
    api, segments = found
    cors = api.browser.cors
    resource = match_resource(api, segments) if cors is not None else None
    if cors is None or resource is None:
        return None
    methods = {route.method for route in api.routes if route.path == resource[0]}
    if "OPTIONS" in methods:  # the template's own OPTIONS method: SAM adds no preflight, the function answers
        return None
    headers = [("Content-Type", "application/json"), ("Access-Control-Allow-Origin", cors.allow_origin)]
    if cors.allow_headers is not None:
        headers.append(("Access-Control-Allow-Headers", cors.allow_headers))
    # Without AllowMethods, SAM allows the resource's own methods and OPTIONS.
    headers.append(("Access-Control-Allow-Methods", cors.allow_methods or ",".join(sorted(methods | {"OPTIONS"}))))
    if cors.max_age is not None:
        headers.append(("Access-Control-Max-Age", cors.max_age))
    if cors.allow_credentials:
        headers.append(("Access-Control-Allow-Credentials", "true"))
    headers.append(("x-amzn-RequestId", str(uuid.uuid4())))
    return LocalResponse(200, tuple(headers), b"{}")


def decorate(topology: Topology, request: LocalRequest, response: LocalResponse) -> LocalResponse:
    """`response` with the headers of its gateway response when the gateway itself produced it."""
    error_type = response.header("x-amzn-ErrorType")
    found = _api_of(topology, request) if error_type is not None else None
    if found is None or error_type is None:
        return response
    extra = gateway_response_headers(found[0], error_type, response.status)
    return LocalResponse(response.status, response.headers + extra, response.body) if extra else response


def gateway_response_headers(api: ApiSpec, error_type: str, status: int) -> Headers:
    """The headers of the gateway response of this type if the API declares one, else of its DEFAULT_4XX/5XX."""
    responses = api.browser.gateway_responses
    specific = _RESPONSE_TYPES.get(error_type)
    if specific is not None and specific in responses:
        return responses[specific]
    return responses.get("DEFAULT_4XX" if status < 500 else "DEFAULT_5XX", ())
