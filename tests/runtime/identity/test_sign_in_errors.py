"""Sign-in failures as Cognito reports them, including the template's ExplicitAuthFlows and
PreventUserExistenceErrors settings."""

from __future__ import annotations

from typing import Any

import pytest

from runtime.identity.identity_support import CognitoClient, SignIn, SignUp
from samlocal.identity import IdentityProvider

PASSWORD = "Corr3ct-horse!"


def _password_auth(
    cognito: CognitoClient, client_id: str, username: str, password: str, flow: Any = "USER_PASSWORD_AUTH"
) -> Any:
    return cognito.initiate_auth(
        ClientId=client_id, AuthFlow=flow, AuthParameters={"USERNAME": username, "PASSWORD": password}
    )


def test_unknown_user_and_wrong_password_give_the_same_error_like_cognito(
    cognito: CognitoClient, provider: IdentityProvider, sign_up: SignUp
) -> None:
    sign_up("real@example.com")

    with pytest.raises(cognito.exceptions.NotAuthorizedException) as wrong_password:
        _password_auth(cognito, provider.client_id, "real@example.com", "Wr0ng-password!")
    with pytest.raises(cognito.exceptions.NotAuthorizedException) as unknown_user:
        _password_auth(cognito, provider.client_id, "ghost@example.com", PASSWORD)

    assert wrong_password.value.response["Error"] == unknown_user.value.response["Error"]
    assert wrong_password.value.response["Error"]["Message"] == "Incorrect username or password."


def test_an_unconfirmed_user_with_a_wrong_password_is_not_told_they_exist(
    cognito: CognitoClient, provider: IdentityProvider, sign_up: SignUp
) -> None:
    sign_up("pending@example.com", confirm=False)

    with pytest.raises(cognito.exceptions.NotAuthorizedException, match="Incorrect username or password"):
        _password_auth(cognito, provider.client_id, "pending@example.com", "Wr0ng-password!")


def test_a_flow_the_client_does_not_allow_is_refused_as_cognito_refuses_it(
    cognito: CognitoClient, provider: IdentityProvider, sign_up: SignUp
) -> None:
    # The template's client allows USER_PASSWORD_AUTH, SRP and refresh, not ADMIN_USER_PASSWORD_AUTH.
    sign_up("admin-flow@example.com")

    with pytest.raises(cognito.exceptions.InvalidParameterException, match="flow not enabled for this client"):
        cognito.admin_initiate_auth(
            UserPoolId=provider.pool_id,
            ClientId=provider.client_id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "admin-flow@example.com", "PASSWORD": PASSWORD},
        )


def test_admin_initiate_auth_refreshes_tokens_the_client_allows(
    cognito: CognitoClient, provider: IdentityProvider, sign_up: SignUp, sign_in: SignIn
) -> None:
    sign_up("admin-refresh@example.com")

    result = cognito.admin_initiate_auth(
        UserPoolId=provider.pool_id,
        ClientId=provider.client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": sign_in("admin-refresh@example.com")["RefreshToken"]},
    )

    assert result["AuthenticationResult"]["IdToken"]


def test_the_admin_password_flow_on_initiate_auth_is_not_supported_like_cognito(
    cognito: CognitoClient, provider: IdentityProvider, sign_up: SignUp
) -> None:
    sign_up("mixed@example.com")

    with pytest.raises(cognito.exceptions.InvalidParameterException, match="Initiate Auth method not supported"):
        _password_auth(cognito, provider.client_id, "mixed@example.com", PASSWORD, flow="ADMIN_USER_PASSWORD_AUTH")


def test_srp_is_refused_by_name_since_only_password_auth_is_implemented_locally(
    cognito: CognitoClient, provider: IdentityProvider
) -> None:
    with pytest.raises(cognito.exceptions.InvalidParameterException, match="USER_SRP_AUTH is not supported"):
        cognito.initiate_auth(
            ClientId=provider.client_id,
            AuthFlow="USER_SRP_AUTH",
            AuthParameters={"USERNAME": "srp@example.com", "SRP_A": "00"},
        )


def test_an_unknown_app_client_is_resource_not_found(cognito: CognitoClient) -> None:
    with pytest.raises(cognito.exceptions.ResourceNotFoundException, match="User pool client nosuchclient does not"):
        _password_auth(cognito, "nosuchclient", "anyone@example.com", PASSWORD)


def test_missing_auth_parameters_are_invalid_parameter(cognito: CognitoClient, provider: IdentityProvider) -> None:
    with pytest.raises(cognito.exceptions.InvalidParameterException, match="Missing required parameter PASSWORD"):
        cognito.initiate_auth(
            ClientId=provider.client_id, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "a@example.com"}
        )
