"""REFRESH_TOKEN_AUTH, GetUser with an access token, and GlobalSignOut revoking the user's tokens."""

from __future__ import annotations

from typing import Any

import pytest

from _support.clock import ManualClock
from runtime.identity.identity_support import CognitoClient, SignIn, SignUp, unverified_claims
from samlocal.identity import IdentityProvider

DAY = 86400


def _refresh(cognito: CognitoClient, provider: IdentityProvider, refresh_token: str) -> dict[str, Any]:
    return dict(
        cognito.initiate_auth(
            ClientId=provider.client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": refresh_token}
        )["AuthenticationResult"]
    )


def test_refreshing_returns_new_id_and_access_tokens_but_no_new_refresh_token_like_cognito(
    cognito: CognitoClient, provider: IdentityProvider, sign_up: SignUp, sign_in: SignIn
) -> None:
    sign_up("stay@example.com")
    signed_in = sign_in("stay@example.com")

    refreshed = _refresh(cognito, provider, signed_in["RefreshToken"])

    assert set(refreshed) == {"AccessToken", "ExpiresIn", "TokenType", "IdToken"}
    before, after = unverified_claims(signed_in["IdToken"]), unverified_claims(refreshed["IdToken"])
    assert after["jti"] != before["jti"]
    # The same sign-in: Cognito keeps origin_jti and auth_time across refreshes.
    assert (after["origin_jti"], after["auth_time"]) == (before["origin_jti"], before["auth_time"])


def test_get_user_answers_with_the_attributes_of_the_access_tokens_user(
    cognito: CognitoClient, sign_up: SignUp, sign_in: SignIn
) -> None:
    sub = sign_up("me@example.com", name="Me Myself")

    me = cognito.get_user(AccessToken=sign_in("me@example.com")["AccessToken"])

    assert me["Username"] == sub
    attributes = {a["Name"]: a["Value"] for a in me["UserAttributes"]}
    assert attributes == {"sub": sub, "email": "me@example.com", "name": "Me Myself", "email_verified": "true"}


def test_get_user_refuses_an_id_token(cognito: CognitoClient, sign_up: SignUp, sign_in: SignIn) -> None:
    sign_up("wrongtoken@example.com")

    with pytest.raises(cognito.exceptions.NotAuthorizedException, match="Invalid Access Token"):
        cognito.get_user(AccessToken=sign_in("wrongtoken@example.com")["IdToken"])


def test_global_sign_out_revokes_the_users_refresh_and_access_tokens(
    cognito: CognitoClient, provider: IdentityProvider, sign_up: SignUp, sign_in: SignIn
) -> None:
    sign_up("bye@example.com")
    laptop, phone = sign_in("bye@example.com"), sign_in("bye@example.com")
    assert _refresh(cognito, provider, phone["RefreshToken"])["IdToken"]

    cognito.global_sign_out(AccessToken=laptop["AccessToken"])

    for device in (laptop, phone):
        with pytest.raises(cognito.exceptions.NotAuthorizedException, match="Refresh Token has been revoked"):
            _refresh(cognito, provider, device["RefreshToken"])
        with pytest.raises(cognito.exceptions.NotAuthorizedException, match="Access Token has been revoked"):
            cognito.get_user(AccessToken=device["AccessToken"])
    assert sign_in("bye@example.com")["IdToken"]


def test_global_sign_out_leaves_other_users_signed_in(
    cognito: CognitoClient, provider: IdentityProvider, sign_up: SignUp, sign_in: SignIn
) -> None:
    sign_up("leaver@example.com")
    sign_up("stayer@example.com")
    stayer = sign_in("stayer@example.com")

    cognito.global_sign_out(AccessToken=sign_in("leaver@example.com")["AccessToken"])

    assert _refresh(cognito, provider, stayer["RefreshToken"])["IdToken"]


def test_an_unknown_refresh_token_is_not_authorized(cognito: CognitoClient, provider: IdentityProvider) -> None:
    with pytest.raises(cognito.exceptions.NotAuthorizedException, match="Invalid Refresh Token"):
        _refresh(cognito, provider, "not-a-refresh-token")


def test_a_refresh_token_expires_after_cognitos_default_30_days(
    cognito: CognitoClient, provider: IdentityProvider, sign_up: SignUp, sign_in: SignIn, identity_clock: ManualClock
) -> None:
    sign_up("month@example.com")
    refresh_token = sign_in("month@example.com")["RefreshToken"]
    identity_clock.advance(30 * DAY)

    with pytest.raises(cognito.exceptions.NotAuthorizedException, match="Refresh Token has expired"):
        _refresh(cognito, provider, refresh_token)


def test_an_expired_access_token_is_refused_by_get_user(
    cognito: CognitoClient, sign_up: SignUp, sign_in: SignIn, identity_clock: ManualClock
) -> None:
    sign_up("stale@example.com")
    access_token = sign_in("stale@example.com")["AccessToken"]
    identity_clock.advance(3600)

    with pytest.raises(cognito.exceptions.NotAuthorizedException, match="Access Token has expired"):
        cognito.get_user(AccessToken=access_token)
