"""Group membership: the template's admin group, AdminAddUserToGroup and friends, cognito:groups in tokens."""

from __future__ import annotations

import pytest

from runtime.identity.identity_support import CognitoClient, SignIn, SignUp, unverified_claims
from samlocal.identity import IdentityProvider


def test_the_admin_group_comes_from_the_template_parameter_default(provider: IdentityProvider) -> None:
    assert provider.admin_group == "apiAdmins"


def test_group_membership_shows_in_both_the_id_and_the_access_token(
    cognito: CognitoClient, provider: IdentityProvider, sign_up: SignUp, sign_in: SignIn
) -> None:
    sign_up("boss@example.com")

    cognito.admin_add_user_to_group(UserPoolId=provider.pool_id, Username="boss@example.com", GroupName="apiAdmins")
    tokens = sign_in("boss@example.com")

    assert unverified_claims(tokens["IdToken"])["cognito:groups"] == ["apiAdmins"]
    assert unverified_claims(tokens["AccessToken"])["cognito:groups"] == ["apiAdmins"]


def test_tokens_omit_cognito_groups_when_the_user_has_none_like_cognito(sign_up: SignUp, sign_in: SignIn) -> None:
    sign_up("plain@example.com")

    tokens = sign_in("plain@example.com")

    assert "cognito:groups" not in unverified_claims(tokens["IdToken"])
    assert "cognito:groups" not in unverified_claims(tokens["AccessToken"])


def test_removing_a_user_from_the_group_drops_it_from_new_tokens(
    cognito: CognitoClient, provider: IdentityProvider, sign_up: SignUp, sign_in: SignIn
) -> None:
    sign_up("demoted@example.com")
    membership = {"UserPoolId": provider.pool_id, "Username": "demoted@example.com", "GroupName": "apiAdmins"}
    cognito.admin_add_user_to_group(**membership)

    cognito.admin_remove_user_from_group(**membership)

    assert "cognito:groups" not in unverified_claims(sign_in("demoted@example.com")["IdToken"])


def test_admin_list_groups_for_user_describes_the_template_group(
    cognito: CognitoClient, provider: IdentityProvider, sign_up: SignUp
) -> None:
    sign_up("member@example.com")
    cognito.admin_add_user_to_group(UserPoolId=provider.pool_id, Username="member@example.com", GroupName="apiAdmins")

    groups = cognito.admin_list_groups_for_user(UserPoolId=provider.pool_id, Username="member@example.com")["Groups"]

    assert [(g["GroupName"], g["UserPoolId"], g["Precedence"]) for g in groups] == [("apiAdmins", provider.pool_id, 0)]
    assert groups[0]["Description"] == "Administrators of the Users API"


def test_a_group_the_template_does_not_declare_is_resource_not_found(
    cognito: CognitoClient, provider: IdentityProvider, sign_up: SignUp
) -> None:
    sign_up("hopeful@example.com")

    with pytest.raises(cognito.exceptions.ResourceNotFoundException, match="Group not found"):
        cognito.admin_add_user_to_group(UserPoolId=provider.pool_id, Username="hopeful@example.com", GroupName="root")
