"""Admin-created users: temporary password -> NEW_PASSWORD_REQUIRED -> RespondToAuthChallenge."""

from __future__ import annotations

import json
from typing import Any

import pytest

from _support.clock import ManualClock
from runtime.identity.identity_support import CognitoClient, SignIn, SignUp
from samlocal.identity import IdentityProvider

PASSWORD = "Corr3ct-horse!"
TEMPORARY = "Temp0rary-pass!"
DAY = 86400


def _invite(
    cognito: CognitoClient, provider: IdentityProvider, email: str, attributes: list[Any] | None = None
) -> None:
    cognito.admin_create_user(
        UserPoolId=provider.pool_id,
        Username=email,
        UserAttributes=[{"Name": "name", "Value": "New Hire"}] if attributes is None else attributes,
        TemporaryPassword=TEMPORARY,
        MessageAction="SUPPRESS",
    )


def _start(cognito: CognitoClient, provider: IdentityProvider, email: str, password: str = TEMPORARY) -> Any:
    return cognito.initiate_auth(
        ClientId=provider.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": password},
    )


def _answer(
    cognito: CognitoClient,
    provider: IdentityProvider,
    session: str,
    email: str,
    new_password: str = PASSWORD,
    **attributes: str,
) -> Any:
    responses = {"USERNAME": email, "NEW_PASSWORD": new_password}
    responses |= {f"userAttributes.{name}": value for name, value in attributes.items()}
    return cognito.respond_to_auth_challenge(
        ClientId=provider.client_id,
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=session,
        ChallengeResponses=responses,
    )


def test_a_temporary_password_leads_to_new_password_required_and_answering_it_signs_in(
    cognito: CognitoClient, provider: IdentityProvider, sign_in: SignIn
) -> None:
    _invite(cognito, provider, "hire@example.com")

    challenge = _start(cognito, provider, "hire@example.com")
    assert challenge["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert "AuthenticationResult" not in challenge
    assert json.loads(challenge["ChallengeParameters"]["userAttributes"])["email"] == "hire@example.com"
    assert json.loads(challenge["ChallengeParameters"]["requiredAttributes"]) == []

    answered = _answer(cognito, provider, challenge["Session"], "hire@example.com")

    assert set(answered["AuthenticationResult"]) >= {"IdToken", "AccessToken", "RefreshToken"}
    assert sign_in("hire@example.com")["IdToken"]
    status = cognito.admin_get_user(UserPoolId=provider.pool_id, Username="hire@example.com")["UserStatus"]
    assert status == "CONFIRMED"


def test_the_new_password_must_meet_the_policy_and_the_session_survives_a_refusal(
    cognito: CognitoClient, provider: IdentityProvider
) -> None:
    _invite(cognito, provider, "picky@example.com")
    session = _start(cognito, provider, "picky@example.com")["Session"]

    with pytest.raises(cognito.exceptions.InvalidPasswordException):
        _answer(cognito, provider, session, "picky@example.com", new_password="weak")

    assert _answer(cognito, provider, session, "picky@example.com")["AuthenticationResult"]["IdToken"]


def test_a_challenge_session_answers_only_once(cognito: CognitoClient, provider: IdentityProvider) -> None:
    _invite(cognito, provider, "once@example.com")
    session = _start(cognito, provider, "once@example.com")["Session"]
    _answer(cognito, provider, session, "once@example.com")

    with pytest.raises(cognito.exceptions.NotAuthorizedException, match="Invalid session"):
        _answer(cognito, provider, session, "once@example.com", new_password="An0ther-pass!")


def test_an_unknown_session_is_not_authorized(cognito: CognitoClient, provider: IdentityProvider) -> None:
    _invite(cognito, provider, "forged@example.com")

    with pytest.raises(cognito.exceptions.NotAuthorizedException, match="Invalid session"):
        _answer(cognito, provider, "x" * 40, "forged@example.com")


def test_a_session_answers_only_for_its_own_user(cognito: CognitoClient, provider: IdentityProvider) -> None:
    _invite(cognito, provider, "mine@example.com")
    _invite(cognito, provider, "other@example.com")
    session = _start(cognito, provider, "mine@example.com")["Session"]

    with pytest.raises(cognito.exceptions.NotAuthorizedException, match="Invalid session"):
        _answer(cognito, provider, session, "other@example.com")


def test_a_challenge_session_expires_after_the_client_auth_session_validity(
    cognito: CognitoClient, provider: IdentityProvider, identity_clock: ManualClock
) -> None:
    _invite(cognito, provider, "dawdle@example.com")
    session = _start(cognito, provider, "dawdle@example.com")["Session"]
    identity_clock.advance(3 * 60)

    with pytest.raises(cognito.exceptions.NotAuthorizedException, match="session is expired"):
        _answer(cognito, provider, session, "dawdle@example.com")


def test_a_temporary_password_expires_after_the_template_validity_days(
    cognito: CognitoClient, provider: IdentityProvider, identity_clock: ManualClock
) -> None:
    _invite(cognito, provider, "late@example.com")
    identity_clock.advance(7 * DAY + 1)

    with pytest.raises(cognito.exceptions.NotAuthorizedException, match="Temporary password has expired"):
        _start(cognito, provider, "late@example.com")


def test_a_user_created_without_a_required_attribute_must_supply_it_in_the_challenge(
    cognito: CognitoClient, provider: IdentityProvider
) -> None:
    _invite(cognito, provider, "nameless@example.com", attributes=[])
    challenge = _start(cognito, provider, "nameless@example.com")
    assert json.loads(challenge["ChallengeParameters"]["requiredAttributes"]) == ["userAttributes.name"]

    with pytest.raises(cognito.exceptions.InvalidParameterException, match="name: The attribute is required"):
        _answer(cognito, provider, challenge["Session"], "nameless@example.com")
    _answer(cognito, provider, challenge["Session"], "nameless@example.com", name="Named At Last")

    user = cognito.admin_get_user(UserPoolId=provider.pool_id, Username="nameless@example.com")
    assert {"Name": "name", "Value": "Named At Last"} in user["UserAttributes"]


def test_a_non_permanent_admin_set_password_forces_a_change_at_next_sign_in(
    cognito: CognitoClient, provider: IdentityProvider, sign_up: SignUp
) -> None:
    sign_up("reset@example.com")

    cognito.admin_set_user_password(
        UserPoolId=provider.pool_id, Username="reset@example.com", Password=TEMPORARY, Permanent=False
    )

    assert _start(cognito, provider, "reset@example.com")["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
