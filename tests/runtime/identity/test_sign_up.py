"""Self-service sign-up and confirmation through the real boto3 cognito-idp client."""

from __future__ import annotations

import pytest

from _support.clock import ManualClock
from runtime.identity.identity_support import Codes, CognitoClient, SignIn, SignUp
from samlocal.identity import IdentityProvider
from samlocal.identity.sessions import CODE_SECONDS

PASSWORD = "Corr3ct-horse!"


def test_sign_up_then_confirm_with_the_logged_code_then_sign_in_like_cognito(
    cognito: CognitoClient, provider: IdentityProvider, codes: Codes, sign_in: SignIn
) -> None:
    response = cognito.sign_up(
        ClientId=provider.client_id,
        Username="jane@example.com",
        Password=PASSWORD,
        UserAttributes=[{"Name": "name", "Value": "Jane Doe"}],
    )
    assert response["UserConfirmed"] is False
    assert response["CodeDeliveryDetails"] == {
        "Destination": "j***@e***",
        "DeliveryMedium": "EMAIL",
        "AttributeName": "email",
    }

    cognito.confirm_sign_up(
        ClientId=provider.client_id, Username="jane@example.com", ConfirmationCode=codes("jane@example.com")
    )
    result = sign_in("jane@example.com")

    assert set(result) == {"AccessToken", "ExpiresIn", "TokenType", "RefreshToken", "IdToken"}
    user = cognito.admin_get_user(UserPoolId=provider.pool_id, Username="jane@example.com")
    assert user["Username"] == response["UserSub"]
    assert user["UserStatus"] == "CONFIRMED"
    assert {"Name": "email_verified", "Value": "true"} in user["UserAttributes"]


def test_signing_in_before_confirming_is_user_not_confirmed(
    cognito: CognitoClient, sign_up: SignUp, sign_in: SignIn
) -> None:
    sign_up("early@example.com", confirm=False)

    with pytest.raises(cognito.exceptions.UserNotConfirmedException, match="User is not confirmed"):
        sign_in("early@example.com")


def test_a_wrong_confirmation_code_is_code_mismatch(
    cognito: CognitoClient, provider: IdentityProvider, sign_up: SignUp, codes: Codes
) -> None:
    sign_up("typo@example.com", confirm=False)
    wrong = f"{(int(codes('typo@example.com')) + 1) % 1_000_000:06d}"

    with pytest.raises(cognito.exceptions.CodeMismatchException, match="Invalid verification code provided"):
        cognito.confirm_sign_up(ClientId=provider.client_id, Username="typo@example.com", ConfirmationCode=wrong)


def test_a_confirmation_code_expires_after_24_hours_like_cognito(
    cognito: CognitoClient, provider: IdentityProvider, sign_up: SignUp, codes: Codes, identity_clock: ManualClock
) -> None:
    sign_up("slow@example.com", confirm=False)
    identity_clock.advance(CODE_SECONDS)

    with pytest.raises(cognito.exceptions.ExpiredCodeException):
        cognito.confirm_sign_up(
            ClientId=provider.client_id, Username="slow@example.com", ConfirmationCode=codes("slow@example.com")
        )


def test_resending_the_code_replaces_the_first_one(
    cognito: CognitoClient, provider: IdentityProvider, sign_up: SignUp, codes: Codes
) -> None:
    sign_up("again@example.com", confirm=False)
    first = codes("again@example.com")

    cognito.resend_confirmation_code(ClientId=provider.client_id, Username="again@example.com")
    second = codes("again@example.com")

    if first != second:
        with pytest.raises(cognito.exceptions.CodeMismatchException):
            cognito.confirm_sign_up(ClientId=provider.client_id, Username="again@example.com", ConfirmationCode=first)
    cognito.confirm_sign_up(ClientId=provider.client_id, Username="again@example.com", ConfirmationCode=second)


def test_confirming_twice_is_not_authorized_naming_the_current_status(
    cognito: CognitoClient, provider: IdentityProvider, sign_up: SignUp, codes: Codes
) -> None:
    sign_up("twice@example.com")

    with pytest.raises(cognito.exceptions.NotAuthorizedException, match="Current status is CONFIRMED"):
        cognito.confirm_sign_up(
            ClientId=provider.client_id, Username="twice@example.com", ConfirmationCode=codes("twice@example.com")
        )


def test_resending_a_code_to_a_confirmed_user_is_invalid_parameter(
    cognito: CognitoClient, provider: IdentityProvider, sign_up: SignUp
) -> None:
    sign_up("done@example.com")

    with pytest.raises(cognito.exceptions.InvalidParameterException, match="User is already confirmed"):
        cognito.resend_confirmation_code(ClientId=provider.client_id, Username="done@example.com")


def test_signing_up_an_existing_email_is_username_exists(cognito: CognitoClient, sign_up: SignUp) -> None:
    sign_up("taken@example.com")

    with pytest.raises(cognito.exceptions.UsernameExistsException, match="already exists"):
        sign_up("taken@example.com")


def test_a_missing_required_attribute_is_invalid_parameter_naming_it(
    cognito: CognitoClient, provider: IdentityProvider
) -> None:
    with pytest.raises(cognito.exceptions.InvalidParameterException, match="name: The attribute is required"):
        cognito.sign_up(ClientId=provider.client_id, Username="anon@example.com", Password=PASSWORD)


def test_an_attribute_outside_the_schema_is_invalid_parameter(
    cognito: CognitoClient, provider: IdentityProvider
) -> None:
    with pytest.raises(cognito.exceptions.InvalidParameterException, match="custom:tier: Attribute does not exist"):
        cognito.sign_up(
            ClientId=provider.client_id,
            Username="odd@example.com",
            Password=PASSWORD,
            UserAttributes=[{"Name": "name", "Value": "Odd"}, {"Name": "custom:tier", "Value": "gold"}],
        )


def test_users_cannot_mark_their_own_email_verified(cognito: CognitoClient, provider: IdentityProvider) -> None:
    with pytest.raises(cognito.exceptions.InvalidParameterException, match="email_verified"):
        cognito.sign_up(
            ClientId=provider.client_id,
            Username="sly@example.com",
            Password=PASSWORD,
            UserAttributes=[{"Name": "name", "Value": "Sly"}, {"Name": "email_verified", "Value": "true"}],
        )


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("Sh0rt!", "Password not long enough"),
        ("lowercase-only-1", "Password must have uppercase characters"),
        ("UPPERCASE-ONLY-1", "Password must have lowercase characters"),
        ("No-Numbers-Here", "Password must have numeric characters"),
        ("NoSymbols1234", "Password must have symbol characters"),
    ],
)
def test_a_password_breaking_the_template_policy_is_invalid_password_naming_the_rule(
    cognito: CognitoClient, provider: IdentityProvider, password: str, rule: str
) -> None:
    with pytest.raises(cognito.exceptions.InvalidPasswordException, match=f"conform with policy: {rule}"):
        cognito.sign_up(
            ClientId=provider.client_id,
            Username="weak@example.com",
            Password=password,
            UserAttributes=[{"Name": "name", "Value": "Weak"}],
        )


def test_the_username_must_be_an_email_in_an_email_username_pool(
    cognito: CognitoClient, provider: IdentityProvider
) -> None:
    with pytest.raises(cognito.exceptions.InvalidParameterException, match="Username should be an email"):
        cognito.sign_up(
            ClientId=provider.client_id,
            Username="jane",
            Password=PASSWORD,
            UserAttributes=[{"Name": "name", "Value": "Jane"}],
        )


def test_confirming_an_unknown_user_looks_like_a_wrong_code_with_prevent_user_existence_errors(
    cognito: CognitoClient, provider: IdentityProvider
) -> None:
    with pytest.raises(cognito.exceptions.CodeMismatchException):
        cognito.confirm_sign_up(ClientId=provider.client_id, Username="nobody@example.com", ConfirmationCode="123456")


def test_resending_to_an_unknown_user_pretends_to_deliver_with_prevent_user_existence_errors(
    cognito: CognitoClient, provider: IdentityProvider
) -> None:
    response = cognito.resend_confirmation_code(ClientId=provider.client_id, Username="nobody@example.com")

    assert response["CodeDeliveryDetails"]["Destination"] == "n***@e***"


def test_admin_confirm_sign_up_confirms_the_account_but_not_the_email(
    cognito: CognitoClient, provider: IdentityProvider, sign_up: SignUp, sign_in: SignIn
) -> None:
    sign_up("vouched@example.com", confirm=False)

    cognito.admin_confirm_sign_up(UserPoolId=provider.pool_id, Username="vouched@example.com")

    assert sign_in("vouched@example.com")["IdToken"]
    user = cognito.admin_get_user(UserPoolId=provider.pool_id, Username="vouched@example.com")
    assert {"Name": "email_verified", "Value": "false"} in user["UserAttributes"]
    with pytest.raises(cognito.exceptions.NotAuthorizedException, match="Current status is CONFIRMED"):
        cognito.admin_confirm_sign_up(UserPoolId=provider.pool_id, Username="vouched@example.com")
