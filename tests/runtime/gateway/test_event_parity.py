"""The gateway's events against the ones API Gateway documents (tests/fixtures/apigw), field by field: the REST
proxy event for the documented request, the TOKEN authorizer event, and the claims of the Cognito authorizer."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from _support.events import fixture
from runtime.gateway.gateway_support import Send, Sign
from samlocal.apigw.cognito import render_claims
from samlocal.apigw.events import ApiContext, method_arn, token_event

DOCUMENTED = fixture("rest_proxy_event")["event"]
# Values that name a deployment (an account, an API, a resource, a request): same type, not the same value.
DEPLOYMENT_VALUES = {"accountId", "apiId", "resourceId", "requestId"}
METHOD_ARN = re.compile(r"arn:aws:execute-api:[a-z0-9-]+:\d+:[A-Za-z0-9]+/[^/]+/[A-Z*]+/.*")


def documented_request(send: Send) -> dict[str, Any]:
    """The documented request (POST /testStage/hello/world?name=me&multivalueName=you&multivalueName=me), sent to
    the local ProxyApi from the documented caller's address, as the function received it."""
    headers = [(name, value) for name, values in DOCUMENTED["multiValueHeaders"].items() for value in values]
    response = send(
        "/ProxyApi/testStage/hello/world",
        "POST",
        headers=headers,
        body=DOCUMENTED["body"].encode(),
        query="name=me&multivalueName=you&multivalueName=me",
        source_ip=DOCUMENTED["requestContext"]["identity"]["sourceIp"],
    )
    assert response.status == 200, response.body
    event: dict[str, Any] = json.loads(response.body)["event"]
    return event


def test_the_proxy_event_has_every_documented_field_with_the_documented_value(send: Send) -> None:
    event = documented_request(send)

    assert set(event) == set(DOCUMENTED)
    same = {key for key in DOCUMENTED if key not in ("requestContext", "stageVariables")}
    assert {key: event[key] for key in same} == {key: DOCUMENTED[key] for key in same}
    # The documented API has a stage variable; an API without any (the only kind served locally) sends null.
    assert event["stageVariables"] is None


def test_the_request_context_has_every_documented_field_of_the_same_type(send: Send) -> None:
    context = documented_request(send)["requestContext"]
    documented = DOCUMENTED["requestContext"]

    for key, value in documented.items():
        assert type(context[key]) is type(value), key
        if key not in DEPLOYMENT_VALUES and key != "identity":
            assert context[key] == value, key
    assert set(documented["identity"]) <= set(context["identity"])
    assert context["identity"] == {**context["identity"], **documented["identity"]}


def test_the_token_authorizer_event_has_the_documented_fields_and_method_arn_form() -> None:
    documented = fixture("token_authorizer_event")["event"]
    api = ApiContext("UsersApi", "Prod", "123456789012", "us-east-1", "request-1", datetime.now(UTC))

    event = token_event("a-token", method_arn(api, "GET", "/users/abc"))

    assert set(event) == set(documented)
    assert (event["type"], event["authorizationToken"]) == ("TOKEN", "a-token")
    assert METHOD_ARN.fullmatch(documented["methodArn"])
    assert event["methodArn"] == "arn:aws:execute-api:us-east-1:123456789012:UsersApi/Prod/GET/users/abc"


def test_cognito_claims_are_rendered_exactly_as_api_gateway_delivers_them() -> None:
    documented = fixture("cognito_authorizer_claims")["authorizer"]["claims"]
    # The same claims as they are in the token: numbers, a boolean.
    in_token = {
        **documented,
        "email_verified": True,
        "auth_time": int(documented["auth_time"]),
        "exp": _epoch(documented["exp"]),
        "iat": _epoch(documented["iat"]),
    }

    assert render_claims(in_token) == documented


def test_a_verified_token_reaches_the_function_as_claims_of_strings_only(send: Send, sign: Sign) -> None:
    response = send("/EchoApi/v1/claims", headers=[("Authorization", sign("abc-123"))])

    authorizer = json.loads(response.body)["event"]["requestContext"]["authorizer"]
    assert set(authorizer) == set(fixture("cognito_authorizer_claims")["authorizer"])
    assert all(isinstance(value, str) for value in authorizer["claims"].values())


def _epoch(rendered: str) -> int:
    return int(datetime.strptime(rendered, "%a %b %d %H:%M:%S UTC %Y").replace(tzinfo=UTC).timestamp())
