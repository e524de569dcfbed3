"""API Gateway's Lambda TOKEN authorizer: invoked, its policy evaluated and cached (cognito.py has the other kind).

It returns what goes under requestContext.authorizer, or the gateway response that ends the request. It is a
generator that yields the invocation it needs, (function, event), and is sent the result, so that the gateway runs
it the same way blocking (tests) or on its event loop (the served stack)."""

from __future__ import annotations

import time
from collections.abc import Generator, Iterable
from typing import Any

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
from samlocal.template.topology import TokenAuthorizerSpec

Outcome = GatewayError | dict[str, Any]
Invocation = tuple[str, Any]
"""A function to invoke, by name, with its event: what the gateway's steps yield and are sent the result of."""
Steps = Generator[Invocation, Any, Outcome]


def header_value(headers: Iterable[tuple[str, str]], name: str) -> str:
    """The last value of a header, compared case-insensitively as HTTP does; "" when absent."""
    values = [value for key, value in headers if key.lower() == name.lower()]
    return values[-1].strip() if values else ""


class TokenAuthorizer:
    def __init__(self, cache: ResultCache) -> None:
        self._cache = cache

    def authorize(self, spec: TokenAuthorizerSpec, token: str, method_arn: str) -> Steps:
        if not token:
            return UNAUTHORIZED  # API Gateway answers without invoking the function
        latency = 0  # what API Gateway reports when the result came from its cache
        result = self._cache.get(spec.name, token)
        if result is None:
            started = time.monotonic()
            outcome = yield from self._evaluate(spec, token, method_arn)
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

    def _evaluate(
        self, spec: TokenAuthorizerSpec, token: str, method_arn: str
    ) -> Generator[Invocation, Any, AuthorizerResult | GatewayError]:
        try:
            return parse_authorizer_result((yield (spec.function, token_event(token, method_arn))))
        except FunctionError as error:
            # Only this exact message means "no entry"; any other failure is the authorizer's own fault.
            return UNAUTHORIZED if error.message == "Unauthorized" else AUTHORIZER_FAILURE
        except MalformedAuthorizerResult:
            return AUTHORIZER_FAILURE
