"""Both OpenAPI documents, checked against the running stack by schemathesis: for requests it generates from each
operation's parameters and bodies, the stack never answers 5xx, and answers only statuses, content types and bodies
the document declares (API Gateway's own refusals included). Bounded: a few examples per operation, derandomized so
that a failure found once is found again."""

from __future__ import annotations

import re
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, assume, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from _support.paths import ROOT
from integration.deviations import REST_PATH_PERCENT_DECODED, engine_has
from integration.identity_support import Person
from integration.stack_support import Stack

# The operation type is schemathesis's own business; the tests read only the method.
Case = schemathesis.Case[Any]

pytestmark = [pytest.mark.integration, pytest.mark.slow]

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
BOUNDED = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]*")


def around_known_deviations(case: Case) -> None:
    """On an engine that decodes the path (deviations.REST_PATH_PERCENT_DECODED), only path parameters that need no
    percent-encoding are tried; the others are left to the engines that keep the client's encoding."""
    parameters = (case.path_parameters or {}).values()
    if engine_has(REST_PATH_PERCENT_DECODED):
        assume(all(_UNRESERVED.fullmatch(str(value)) for value in parameters))


def assert_signed_in(case: Case, response: schemathesis.Response) -> None:
    """Positive cases carry the caller's token: proof that the checks ran past the authorizer. (Negative ones may
    leave the Authorization header out on purpose, and are API Gateway's documented 401.)"""
    if case.meta is not None and case.meta.generation.mode is schemathesis.GenerationMode.POSITIVE:
        assert response.status_code != 401, (response.request.url, response.content)


users_api = schemathesis.openapi.from_path(ROOT / "docs" / "UsersApi.openapi.json")
orders_api = schemathesis.openapi.from_path(ROOT / "docs" / "OrdersApi.openapi.json")


@users_api.parametrize()
@BOUNDED
def test_the_users_api_answers_an_administrator_as_its_document_says(case: Case, stack: Stack, admin: Person) -> None:
    around_known_deviations(case)
    response = case.call_and_validate(base_url=stack.outputs["APIEndpoint"], headers=admin.auth, checks=CHECKS)
    assert_signed_in(case, response)


@users_api.parametrize()
@BOUNDED
def test_the_users_api_answers_a_plain_user_as_its_document_says_api_gateway_denials_included(
    case: Case, stack: Stack, alice: Person
) -> None:
    around_known_deviations(case)
    response = case.call_and_validate(base_url=stack.outputs["APIEndpoint"], headers=alice.auth, checks=CHECKS)
    assert_signed_in(case, response)


@orders_api.parametrize()
@BOUNDED
def test_the_orders_api_answers_as_its_document_says(case: Case, stack: Stack, alice: Person) -> None:
    around_known_deviations(case)
    response = case.call_and_validate(
        base_url=stack.outputs["OrdersServiceEndpoint"], headers=alice.auth, checks=CHECKS
    )
    assert_signed_in(case, response)


@users_api.parametrize()
@BOUNDED
def test_without_a_token_every_users_operation_is_api_gateways_documented_401(case: Case, stack: Stack) -> None:
    # The TOKEN authorizer's identity source is the Authorization header: without it API Gateway answers 401 itself.
    _assert_refused_without_a_token(case, stack.outputs["APIEndpoint"])


@orders_api.parametrize()
@BOUNDED
def test_without_a_token_every_orders_operation_is_api_gateways_documented_401(case: Case, stack: Stack) -> None:
    _assert_refused_without_a_token(case, stack.outputs["OrdersServiceEndpoint"])


def _assert_refused_without_a_token(case: Case, base_url: str) -> None:
    response = case.call_and_validate(base_url=base_url, checks=CHECKS)
    # schemathesis also tries methods the path does not have (TRACE): API Gateway's 403 Missing Authentication Token.
    if response.request.method == case.operation.method.upper():
        assert response.status_code == 401, (response.request.url, response.content)
