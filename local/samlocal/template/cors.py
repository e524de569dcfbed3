"""What an AWS::Serverless::Api tells browsers: its `Cors` (the preflight API Gateway answers itself) and the headers
of its `GatewayResponses` (API Gateway's own errors). Header values are API Gateway's static values, single-quoted
("'*'"); anything the local gateway cannot honour is a TemplateError naming it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from samlocal.template.intrinsics import TemplateError

Headers = tuple[tuple[str, str], ...]

_CORS_PROPERTIES = frozenset({"AllowOrigin", "AllowHeaders", "AllowMethods", "MaxAge", "AllowCredentials"})


@dataclass(frozen=True)
class CorsSpec:
    """The preflight answer's Access-Control-* values; AllowMethods None means the resource's own methods."""

    allow_origin: str
    allow_headers: str | None = None
    allow_methods: str | None = None
    max_age: str | None = None
    allow_credentials: bool = False


@dataclass(frozen=True)
class BrowserSettings:
    cors: CorsSpec | None = None
    # Headers by gateway response type (DEFAULT_4XX, DEFAULT_5XX, UNAUTHORIZED, ...).
    gateway_responses: Mapping[str, Headers] = field(default_factory=dict)


def browser_settings(api: str, properties: Mapping[str, Any]) -> BrowserSettings:
    """`properties`: the API's own, merged over Globals.Api."""
    cors = _cors(api, properties.get("Cors"))
    auth = properties.get("Auth", {})
    behind_authorizer = auth.get("AddDefaultAuthorizerToCorsPreflight", True) is not False
    if cors is not None and auth.get("DefaultAuthorizer", "NONE") != "NONE" and behind_authorizer:
        raise TemplateError(
            f"API {api}: a preflight behind the default authorizer (AddDefaultAuthorizerToCorsPreflight) is not "
            "supported locally, and no browser could pass it: set it to false"
        )
    return BrowserSettings(cors, _gateway_responses(api, properties.get("GatewayResponses", {})))


def _cors(api: str, value: Any) -> CorsSpec | None:
    if value is None:
        return None
    if isinstance(value, str):  # SAM's shorthand: the allowed origin alone
        return CorsSpec(_static(f"API {api} Cors", value))
    if not isinstance(value, Mapping) or set(value) - _CORS_PROPERTIES or "AllowOrigin" not in value:
        raise TemplateError(f"API {api}: Cors {value!r} must have AllowOrigin and only {sorted(_CORS_PROPERTIES)}")

    def optional(key: str) -> str | None:
        return _static(f"API {api} Cors {key}", value[key]) if key in value else None

    return CorsSpec(
        _static(f"API {api} Cors AllowOrigin", value["AllowOrigin"]),
        optional("AllowHeaders"),
        optional("AllowMethods"),
        optional("MaxAge"),
        value.get("AllowCredentials") is True,
    )


def _gateway_responses(api: str, value: Any) -> dict[str, Headers]:
    if not isinstance(value, Mapping):
        raise TemplateError(f"API {api}: GatewayResponses must be a mapping")
    responses: dict[str, Headers] = {}
    for kind, response in value.items():
        where = f"API {api} GatewayResponses {kind}"
        if not isinstance(response, Mapping) or set(response) - {"ResponseParameters"}:
            raise TemplateError(f"{where}: only ResponseParameters.Headers is supported locally")
        parameters = response.get("ResponseParameters", {})
        if not isinstance(parameters, Mapping) or set(parameters) - {"Headers"}:
            raise TemplateError(f"{where}: only ResponseParameters.Headers is supported locally")
        headers = parameters.get("Headers", {})
        responses[str(kind)] = tuple((str(name), _static(f"{where} {name}", v)) for name, v in headers.items())
    return responses


def _static(where: str, value: Any) -> str:
    """API Gateway's static value, written in single quotes; a mapping expression is not supported locally."""
    if not (isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == "'"):
        raise TemplateError(f"{where}: {value!r} is not a static value in single quotes")
    return value[1:-1]
