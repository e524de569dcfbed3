"""API Gateway's two authorizers: a Lambda TOKEN authorizer (invoked, its policy evaluated and cached) and the
Cognito user-pool authorizer (the ID token verified here, its claims delivered as strings).

Each returns what goes under requestContext.authorizer, or the gateway response that ends the request."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import jwt

from samlocal.apigw.events import token_event
from samlocal.apigw.policy import (
    AuthorizerResult,
    Decision,
    MalformedAuthorizerResult,
    ResultCache,
    parse_authorizer_result,
)
from samlocal.apigw.responses import (
    ACCESS_DENIED,
    AUTHORIZER_FAILURE,
    EXPLICIT_DENY,
    UNAUTHORIZED,
    GatewayError,
)
from samlocal.lambda_runtime.invoker import FunctionError
from samlocal.template.topology import CognitoAuthorizerSpec, TokenAuthorizerSpec

Invoke = Callable[[str, Any], Any]
KeySource = Callable[[], Mapping[str, Any]]
"""Returns the user pool's JWKS document ({"keys": [...]}), e.g. read from the local identity provider."""

Outcome = GatewayError | dict[str, Any]


def header_value(headers: Iterable[tuple[str, str]], name: str) -> str:
    """The last value of a header, compared case-insensitively as HTTP does; "" when absent."""
    values = [value for key, value in headers if key.lower() == name.lower()]
    return values[-1].strip() if values else ""


class TokenAuthorizer:
    def __init__(self, invoke: Invoke, cache: ResultCache) -> None:
        self._invoke = invoke
        self._cache = cache

    def authorize(self, spec: TokenAuthorizerSpec, token: str, method_arn: str) -> Outcome:
        if not token:
            return UNAUTHORIZED  # API Gateway answers without invoking the function
        latency = 0  # what API Gateway reports when the result came from its cache
        result = self._cache.get(spec.name, token)
        if result is None:
            started = time.monotonic()
            outcome = self._evaluate(spec, token, method_arn)
            if isinstance(outcome, GatewayError):
                return outcome
            result, latency = outcome, int((time.monotonic() - started) * 1000)
            self._cache.put(spec.name, token, result, spec.ttl)
        decision = result.decide(method_arn)
        if decision is Decision.EXPLICIT_DENY:
            return EXPLICIT_DENY
        if decision is Decision.IMPLICIT_DENY:
            return ACCESS_DENIED
        return {**result.context, "principalId": result.principal_id, "integrationLatency": latency}

    def _evaluate(self, spec: TokenAuthorizerSpec, token: str, method_arn: str) -> AuthorizerResult | GatewayError:
        try:
            return parse_authorizer_result(self._invoke(spec.function, token_event(token, method_arn)))
        except FunctionError as error:
            # Only this exact message means "no entry"; any other failure is the authorizer's own fault.
            return UNAUTHORIZED if error.message == "Unauthorized" else AUTHORIZER_FAILURE
        except MalformedAuthorizerResult:
            return AUTHORIZER_FAILURE


class CognitoAuthorizer:
    """Verifies ID tokens of the local user pool: RS256 signature, exp, iss; no scopes are configured, so an
    access token is refused as API Gateway refuses it."""

    def __init__(self, cognito_endpoint: str, keys: KeySource) -> None:
        self._endpoint = cognito_endpoint.rstrip("/")
        self._keys = keys

    def authorize(self, spec: CognitoAuthorizerSpec, token: str) -> Outcome:
        token = _without_bearer(token)
        if not token:
            return UNAUTHORIZED
        try:
            claims = self._verified_claims(token, f"{self._endpoint}/{spec.user_pool_id}")
        except Exception:  # anything unverifiable, including an unreachable key source, is no entry
            return UNAUTHORIZED
        if claims.get("token_use") != "id":
            return UNAUTHORIZED
        return {"claims": render_claims(claims)}

    def _verified_claims(self, token: str, issuer: str) -> dict[str, Any]:
        kid = jwt.get_unverified_header(token).get("kid")
        matching = [key for key in self._keys().get("keys", []) if key.get("kid") == kid]
        if len(matching) != 1:
            raise jwt.InvalidKeyError(f"no single key with kid {kid!r}")
        key = jwt.PyJWK(matching[0], algorithm="RS256").key
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=["RS256"],
            issuer=issuer,
            options={"require": ["exp", "iss", "token_use"], "verify_aud": False},
        )
        return claims


_BEARER = "bearer "


def _without_bearer(token: str) -> str:
    """The token after an optional `Bearer ` prefix, in any case, as the Users authorizer accepts it."""
    if token[: len(_BEARER)].lower() == _BEARER:
        token = token[len(_BEARER) :]
    return token.strip()


_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def render_claims(claims: Mapping[str, Any]) -> dict[str, str]:
    """Claims as the REST Cognito authorizer delivers them: every value a string; exp and iat as dates
    ("Tue Apr 04 18:39:39 UTC 2023"), other numbers as digits, lists (cognito:groups) joined with commas."""
    return {key: _render(key, value) for key, value in claims.items()}


def _render(key: str, value: Any) -> str:
    if key in ("exp", "iat") and isinstance(value, int | float) and not isinstance(value, bool):
        moment = datetime.fromtimestamp(value, UTC)
        return (
            f"{_DAYS[moment.weekday()]} {_MONTHS[moment.month - 1]} {moment.day:02d} "
            f"{moment.strftime('%H:%M:%S')} UTC {moment.year}"
        )
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_render("", item) for item in value)
    return str(value)
