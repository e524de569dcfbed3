"""The Lambda TOKEN authorizer as API Gateway runs it: the identity header, the authorizer's verdicts, the
policy evaluated against the method ARN, results cached per token, and principalId/context delivered as strings."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from runtime.gateway.gateway_support import Send, local_values, sender, write_fake_template
from samlocal.apigw.gateway import Gateway
from samlocal.apigw.policy import ResultCache
from samlocal.apigw.responses import LocalResponse
from samlocal.lambda_runtime.inprocess import InProcessInvoker

UNAUTHORIZED = b'{"message":"Unauthorized"}'
DENIED = b'{"Message":"User is not authorized to access this resource"}'
EXPLICITLY_DENIED = b'{"Message":"User is not authorized to access this resource with an explicit deny"}'
AUTHORIZER_FAILURE = b'{"message": null}'


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def gateway(state: Path, jwks: dict[str, Any], clock: Clock) -> Iterator[Gateway]:
    """A gateway of its own per test, so the authorizer cache and its call log start empty."""
    template = write_fake_template(state)
    with Gateway.from_template(
        local_values(), lambda: jwks, template=template, cache=ResultCache(clock), invoker=InProcessInvoker
    ) as created:
        yield created


@pytest.fixture
def call(gateway: Gateway) -> Send:
    return sender(gateway)


def authorizer_calls(state: Path) -> list[str]:
    calls = state / "authorizer-calls.txt"
    return calls.read_text().splitlines() if calls.exists() else []


def secure(call: Send, token: str | None, path: str = "/EchoApi/v1/secure/1") -> LocalResponse:
    return call(path, headers=[("X-Token", token)] if token is not None else [])


@pytest.mark.parametrize("token", [None, ""])
def test_a_missing_or_empty_identity_header_is_401_without_invoking_the_authorizer(
    call: Send, state: Path, token: str
) -> None:
    response = secure(call, token)

    assert (response.status, response.body) == (401, UNAUTHORIZED)
    assert authorizer_calls(state) == []


def test_the_authorizer_raising_unauthorized_is_401_like_api_gateway(call: Send) -> None:
    response = secure(call, "unauthorized")

    assert (response.status, response.body) == (401, UNAUTHORIZED)
    assert response.header("x-amzn-ErrorType") == "UnauthorizedException"


@pytest.mark.parametrize("token", ["broken", "no-policy", "nested-context"])
def test_any_other_authorizer_failure_is_500_with_a_null_message_like_api_gateway(call: Send, token: str) -> None:
    response = secure(call, token)

    assert (response.status, response.body) == (500, AUTHORIZER_FAILURE)
    assert response.header("x-amzn-ErrorType") == "AuthorizerConfigurationException"


def test_an_allowing_policy_lets_the_request_through_with_principal_and_stringified_context(call: Send) -> None:
    response = secure(call, "allow")

    assert response.status == 200
    authorizer = json.loads(response.body)["event"]["requestContext"]["authorizer"]
    latency = authorizer.pop("integrationLatency")
    assert isinstance(latency, int)
    # API Gateway hands context values to the function as strings: true -> "true", 3 -> "3".
    authorizer.pop("methodArn")
    assert authorizer == {"principalId": "user-1", "email": "a@example.com", "isAdmin": "true", "level": "3"}


def test_the_authorizer_gets_a_token_event_with_the_method_arn_of_the_request(call: Send) -> None:
    response = secure(call, "allow", "/EchoApi/v1/secure/abc")

    assert response.status == 200
    received = json.loads(response.body)["event"]["requestContext"]["authorizer"]["methodArn"]
    assert received == "arn:aws:execute-api:us-east-1:123456789012:EchoApi/v1/GET/secure/abc"


def test_no_statement_allowing_the_method_is_403_implicit_deny_like_api_gateway(call: Send) -> None:
    response = secure(call, "elsewhere")

    assert (response.status, response.body) == (403, DENIED)


def test_an_explicit_deny_beats_an_allow_and_says_so_like_api_gateway(call: Send) -> None:
    allowed = secure(call, "deny", "/EchoApi/v1/secure/other")
    denied = secure(call, "deny", "/EchoApi/v1/secure/denied")

    assert allowed.status == 200
    assert (denied.status, denied.body) == (403, EXPLICITLY_DENIED)


def test_a_result_is_cached_per_token_so_two_requests_invoke_the_authorizer_once(call: Send, state: Path) -> None:
    first = secure(call, "allow", "/EchoApi/v1/secure/1")
    second = secure(call, "allow", "/EchoApi/v1/secure/2")

    assert (first.status, second.status) == (200, 200)
    assert authorizer_calls(state) == ["allow"]
    assert json.loads(second.body)["event"]["requestContext"]["authorizer"]["integrationLatency"] == 0


def test_a_cached_policy_is_evaluated_again_for_each_method_arn(call: Send, state: Path) -> None:
    allowed = secure(call, "deny", "/EchoApi/v1/secure/1")
    denied = secure(call, "deny", "/EchoApi/v1/secure/denied")

    assert (allowed.status, denied.status) == (200, 403)
    assert authorizer_calls(state) == ["deny"]


def test_another_token_is_not_served_from_the_cache(call: Send, state: Path) -> None:
    secure(call, "allow")
    secure(call, "elsewhere")

    assert authorizer_calls(state) == ["allow", "elsewhere"]


def test_a_cached_result_expires_after_reauthorize_every_seconds(call: Send, state: Path, clock: Clock) -> None:
    secure(call, "allow")
    clock.now += 299
    secure(call, "allow")
    clock.now += 1
    secure(call, "allow")

    assert authorizer_calls(state) == ["allow", "allow"]
