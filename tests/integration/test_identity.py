"""The stack's user pool as clients meet it over Cognito's own API and its published documents: the same calls on
the local identity provider, on an emulator and on Cognito."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import jwt
import pytest
from botocore.exceptions import ClientError

from integration.deviations import (
    DISCOVERY_NAMES_AWS_ISSUER,
    REFRESH_TOKEN_SURVIVES_SAME_SECOND_SIGN_OUT,
    SIGN_UP_ACCEPTS_MISSING_REQUIRED_ATTRIBUTE,
    TOKENS_LACK_EVENT_ID,
    known_deviation,
)
from integration.identity_support import PASSWORD, People, Person
from integration.stack_support import Stack

pytestmark = pytest.mark.integration


def claims(token: str) -> dict[str, Any]:
    decoded: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return decoded


def error_code(call: Any, **parameters: Any) -> str | None:
    """The Cognito error code a call is refused with; None when it succeeds."""
    try:
        call(**parameters)
    except ClientError as error:
        return str(error.response["Error"]["Code"])
    return None


def test_the_discovery_document_names_the_issuer_of_the_tokens_at_the_address_it_is_served_from(
    stack: Stack, alice: Person, request: pytest.FixtureRequest
) -> None:
    known_deviation(request, DISCOVERY_NAMES_AWS_ISSUER)
    served_at = f"{stack.cognito.meta.endpoint_url.rstrip('/')}/{stack.outputs['UserPool']}"

    document = httpx.get(f"{served_at}/.well-known/openid-configuration", timeout=30).json()

    assert document["issuer"] == claims(alice.id_token)["iss"] == served_at


def test_id_and_access_tokens_carry_the_event_id_of_their_sign_in(
    alice: Person, request: pytest.FixtureRequest
) -> None:
    known_deviation(request, TOKENS_LACK_EVENT_ID)
    id_claims, access_claims = claims(alice.id_token), claims(alice.access_token)

    assert "event_id" in id_claims
    assert id_claims["event_id"] == access_claims["event_id"]


def test_sign_up_without_an_attribute_the_schema_requires_is_invalid_parameter(
    stack: Stack, request: pytest.FixtureRequest
) -> None:
    known_deviation(request, SIGN_UP_ACCEPTS_MISSING_REQUIRED_ATTRIBUTE)
    email = f"integration-{uuid.uuid4().hex[:12]}-nameless@example.com"
    try:
        # Given the pool's schema requires `name`, a sign-up that gives only the email
        refused = error_code(
            stack.cognito.sign_up,
            ClientId=stack.outputs["UserPoolClient"],
            Username=email,
            Password=PASSWORD,
            UserAttributes=[{"Name": "email", "Value": email}],
        )
    finally:
        # An engine that accepted it must not keep the user.
        error_code(stack.cognito.admin_delete_user, UserPoolId=stack.outputs["UserPool"], Username=email)

    assert refused == "InvalidParameterException"


def test_a_global_sign_out_revokes_the_refresh_tokens_issued_before_it(
    stack: Stack, people: People, request: pytest.FixtureRequest
) -> None:
    known_deviation(request, REFRESH_TOKEN_SURVIVES_SAME_SECOND_SIGN_OUT)
    # Given a user signed in, holding a refresh token
    person = people.create("leaver")
    signed_in = stack.cognito.initiate_auth(
        ClientId=stack.outputs["UserPoolClient"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": person.email, "PASSWORD": PASSWORD},
    )["AuthenticationResult"]

    # When the user signs out everywhere
    stack.cognito.global_sign_out(AccessToken=signed_in["AccessToken"])

    # Then the refresh token no longer gets new tokens
    refused = error_code(
        stack.cognito.initiate_auth,
        ClientId=stack.outputs["UserPoolClient"],
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": signed_in["RefreshToken"]},
    )
    assert refused == "NotAuthorizedException"
