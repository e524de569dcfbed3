"""Administering users: AdminCreateUser, AdminSetUserPassword, AdminGetUser, AdminDeleteUser, ListUsers."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import pytest

from runtime.identity.identity_support import CognitoClient, SignIn, SignUp
from samlocal.identity import IdentityProvider

PASSWORD = "Corr3ct-horse!"
TEMPORARY = "Temp0rary-pass!"


def _create(cognito: CognitoClient, provider: IdentityProvider, email: str) -> Any:
    return cognito.admin_create_user(
        UserPoolId=provider.pool_id,
        Username=email,
        UserAttributes=[{"Name": "name", "Value": "Admin Made"}, {"Name": "email_verified", "Value": "true"}],
        TemporaryPassword=TEMPORARY,
        MessageAction="SUPPRESS",
    )["User"]


def test_admin_create_user_answers_with_the_sub_as_username_in_an_email_username_pool(
    cognito: CognitoClient, provider: IdentityProvider
) -> None:
    user = _create(cognito, provider, "made@example.com")

    attributes = {a["Name"]: a["Value"] for a in user["Attributes"]}
    assert user["Username"] == attributes["sub"]
    assert uuid.UUID(user["Username"])
    assert attributes["email"] == "made@example.com"
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert user["Enabled"] is True


def test_an_admin_created_user_signs_in_once_given_a_permanent_password(
    cognito: CognitoClient, provider: IdentityProvider, sign_in: SignIn
) -> None:
    sub = _create(cognito, provider, "perm@example.com")["Username"]

    cognito.admin_set_user_password(UserPoolId=provider.pool_id, Username=sub, Password=PASSWORD, Permanent=True)

    assert sign_in("perm@example.com")["IdToken"]
    assert cognito.admin_get_user(UserPoolId=provider.pool_id, Username=sub)["UserStatus"] == "CONFIRMED"


def test_admin_set_user_password_still_applies_the_password_policy(
    cognito: CognitoClient, provider: IdentityProvider
) -> None:
    sub = _create(cognito, provider, "policy@example.com")["Username"]

    with pytest.raises(cognito.exceptions.InvalidPasswordException):
        cognito.admin_set_user_password(UserPoolId=provider.pool_id, Username=sub, Password="weak", Permanent=True)


def test_admin_get_user_finds_a_user_by_email_or_by_sub(cognito: CognitoClient, provider: IdentityProvider) -> None:
    sub = _create(cognito, provider, "either@example.com")["Username"]

    by_email = cognito.admin_get_user(UserPoolId=provider.pool_id, Username="either@example.com")
    by_sub = cognito.admin_get_user(UserPoolId=provider.pool_id, Username=sub)

    assert by_email["Username"] == by_sub["Username"] == sub


@pytest.mark.parametrize(
    ("operation", "extra"),
    [
        ("admin_get_user", {}),
        ("admin_delete_user", {}),
        ("admin_confirm_sign_up", {}),
        ("admin_set_user_password", {"Password": PASSWORD, "Permanent": True}),
        ("admin_list_groups_for_user", {}),
        ("admin_add_user_to_group", {"GroupName": "apiAdmins"}),
        ("admin_remove_user_from_group", {"GroupName": "apiAdmins"}),
    ],
)
def test_admin_operations_on_an_unknown_user_are_user_not_found(
    cognito: CognitoClient, provider: IdentityProvider, operation: str, extra: dict[str, Any]
) -> None:
    with pytest.raises(cognito.exceptions.UserNotFoundException, match="User does not exist"):
        getattr(cognito, operation)(UserPoolId=provider.pool_id, Username="ghost@example.com", **extra)


def test_an_unknown_user_pool_is_resource_not_found(cognito: CognitoClient) -> None:
    with pytest.raises(cognito.exceptions.ResourceNotFoundException, match="User pool us-east-1_NotAPool0 does not"):
        cognito.admin_get_user(UserPoolId="us-east-1_NotAPool0", Username="anyone@example.com")


def test_admin_create_user_for_an_existing_email_is_username_exists(
    cognito: CognitoClient, provider: IdentityProvider
) -> None:
    _create(cognito, provider, "dup@example.com")

    with pytest.raises(cognito.exceptions.UsernameExistsException, match="User account already exists"):
        _create(cognito, provider, "dup@example.com")


def test_admin_delete_user_removes_the_user_and_ends_their_sessions(
    cognito: CognitoClient, provider: IdentityProvider, sign_up: SignUp, sign_in: SignIn
) -> None:
    sign_up("leaving@example.com")
    refresh_token = sign_in("leaving@example.com")["RefreshToken"]

    cognito.admin_delete_user(UserPoolId=provider.pool_id, Username="leaving@example.com")

    with pytest.raises(cognito.exceptions.UserNotFoundException):
        cognito.admin_get_user(UserPoolId=provider.pool_id, Username="leaving@example.com")
    with pytest.raises(cognito.exceptions.NotAuthorizedException):
        cognito.initiate_auth(
            ClientId=provider.client_id,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": refresh_token},
        )


def test_list_users_filters_on_email_sub_and_username_with_exact_and_prefix_matches(
    cognito: CognitoClient, provider: IdentityProvider
) -> None:
    ann = _create(cognito, provider, "ann@example.com")["Username"]
    bob = _create(cognito, provider, "bob@example.org")["Username"]

    def usernames(expression: str) -> set[str]:
        return {u["Username"] for u in cognito.list_users(UserPoolId=provider.pool_id, Filter=expression)["Users"]}

    assert usernames('email = "ann@example.com"') == {ann}
    assert usernames('email ^= "bob@"') == {bob}
    assert usernames(f'sub = "{bob}"') == {bob}
    assert usernames(f'username = "{ann}"') == {ann}
    assert usernames('email = "nobody@example.com"') == set()
    assert {u["Username"] for u in cognito.list_users(UserPoolId=provider.pool_id)["Users"]} == {ann, bob}


def test_list_users_pages_with_a_pagination_token(cognito: CognitoClient, provider: IdentityProvider) -> None:
    created = {_create(cognito, provider, f"page{i}@example.com")["Username"] for i in range(3)}

    first = cognito.list_users(UserPoolId=provider.pool_id, Limit=2)
    second = cognito.list_users(UserPoolId=provider.pool_id, Limit=2, PaginationToken=first["PaginationToken"])

    assert len(first["Users"]) == 2
    assert "PaginationToken" not in second
    assert {u["Username"] for u in first["Users"] + second["Users"]} == created


def test_list_users_refuses_a_filter_on_an_unsupported_attribute(
    cognito: CognitoClient, provider: IdentityProvider
) -> None:
    with pytest.raises(cognito.exceptions.InvalidParameterException, match="Invalid search filter"):
        cognito.list_users(UserPoolId=provider.pool_id, Filter='locale = "en"')


def test_a_generated_temporary_password_is_delivered_in_the_invitation_log(
    cognito: CognitoClient, provider: IdentityProvider, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="samlocal.identity")
    cognito.admin_create_user(
        UserPoolId=provider.pool_id, Username="invited@example.com", UserAttributes=[{"Name": "name", "Value": "I"}]
    )
    invitation = next(r.getMessage() for r in caplog.records if "Invitation for invited@example.com" in r.getMessage())
    temporary = invitation.rsplit(" ", 1)[-1]

    response = cognito.initiate_auth(
        ClientId=provider.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "invited@example.com", "PASSWORD": temporary},
    )

    assert response["ChallengeName"] == "NEW_PASSWORD_REQUIRED"


def test_passwords_an_administrator_or_user_chose_never_reach_the_server_log(
    cognito: CognitoClient, provider: IdentityProvider, sign_up: SignUp, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    cognito.admin_create_user(
        UserPoolId=provider.pool_id,
        Username="quiet@example.com",
        UserAttributes=[{"Name": "name", "Value": "Q"}],
        TemporaryPassword=TEMPORARY,
    )
    sign_up("loud@example.com")

    # botocore's own debug log shows request bodies client-side; only the server's loggers are in question.
    server = [r.getMessage() for r in caplog.records if r.name.startswith(("samlocal", "uvicorn"))]
    assert any("quiet@example.com" in message for message in server)
    assert not [message for message in server if TEMPORARY in message or PASSWORD in message]
