"""Pool, client and group settings read from template.yaml; settings the provider cannot honour stop the start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from runtime.identity.identity_support import PASSWORD
from samlocal.identity import IdentityProvider, UnsupportedTemplate
from samlocal.identity.errors import InvalidParameter, NotAuthorized, UserNotFound
from samlocal.identity.passwords import PasswordPolicy
from samlocal.identity.pool import load_pool_settings


def _props(template: dict[str, Any], kind: str) -> dict[str, Any]:
    properties: dict[str, Any] = next(r["Properties"] for r in template["Resources"].values() if r["Type"] == kind)
    return properties


def _sign_in_args(provider: IdentityProvider, username: str, password: str = PASSWORD) -> dict[str, Any]:
    auth = {"USERNAME": username, "PASSWORD": password}
    return {"ClientId": provider.client_id, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": auth}


def test_the_template_pool_client_and_group_settings_are_read(template: dict[str, Any]) -> None:
    settings = load_pool_settings(template)

    assert settings.required_attributes == ("name", "email")
    assert settings.password_policy == PasswordPolicy(8, True, True, True, True)
    assert settings.temporary_password_days == 7
    assert settings.client.explicit_auth_flows == {
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
    }
    assert settings.client.prevent_user_existence_errors is True
    assert settings.admin_group == "apiAdmins"


def test_cognito_defaults_apply_where_the_template_is_silent(template: dict[str, Any]) -> None:
    del _props(template, "AWS::Cognito::UserPool")["Policies"]
    del _props(template, "AWS::Cognito::UserPoolClient")["ExplicitAuthFlows"]
    del _props(template, "AWS::Cognito::UserPoolClient")["PreventUserExistenceErrors"]

    settings = load_pool_settings(template)

    assert settings.password_policy == PasswordPolicy()
    assert settings.temporary_password_days == 7
    assert settings.client.explicit_auth_flows == {
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_CUSTOM_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
    }
    assert settings.client.prevent_user_existence_errors is False
    lifetimes = (settings.client.id_token_seconds, settings.client.access_token_seconds)
    assert lifetimes == (3600, 3600)
    assert settings.client.refresh_token_seconds == 30 * 86400


def test_token_validity_and_its_units_come_from_the_template(template: dict[str, Any]) -> None:
    _props(template, "AWS::Cognito::UserPoolClient").update(
        IdTokenValidity=15,
        AccessTokenValidity=2,
        RefreshTokenValidity=12,
        TokenValidityUnits={"IdToken": "minutes", "RefreshToken": "hours"},
    )

    client = load_pool_settings(template).client

    assert (client.id_token_seconds, client.access_token_seconds, client.refresh_token_seconds) == (900, 7200, 43200)


def test_the_admin_group_name_is_the_parameter_default_the_group_refers_to(template: dict[str, Any]) -> None:
    template["Parameters"]["UserPoolAdminGroupName"]["Default"] = "bosses"

    assert load_pool_settings(template).admin_group == "bosses"


@pytest.mark.parametrize(
    ("kind", "setting"),
    [
        ("AWS::Cognito::UserPool", {"MfaConfiguration": "ON"}),
        ("AWS::Cognito::UserPool", {"LambdaConfig": {"PreSignUp": "arn"}}),
        ("AWS::Cognito::UserPool", {"AliasAttributes": ["email"]}),
        ("AWS::Cognito::UserPool", {"UsernameAttributes": ["phone_number"]}),
        ("AWS::Cognito::UserPoolClient", {"GenerateSecret": True}),
        ("AWS::Cognito::UserPoolClient", {"ReadAttributes": ["email"]}),
        ("AWS::Cognito::UserPoolClient", {"TokenValidityUnits": {"IdToken": "weeks"}}),
    ],
)
def test_a_setting_that_would_change_behaviour_and_is_not_supported_stops_the_start(
    template: dict[str, Any], tmp_path: Path, kind: str, setting: dict[str, Any]
) -> None:
    _props(template, kind).update(setting)

    with pytest.raises(UnsupportedTemplate):
        IdentityProvider(tmp_path, template)


def test_a_second_user_pool_stops_the_start(template: dict[str, Any], tmp_path: Path) -> None:
    template["Resources"]["OtherPool"] = template["Resources"]["UserPool"]

    with pytest.raises(UnsupportedTemplate, match="exactly one AWS::Cognito::UserPool"):
        IdentityProvider(tmp_path, template)


def test_a_client_without_explicit_flows_refuses_password_auth_like_cognitos_default_client(
    template: dict[str, Any], tmp_path: Path
) -> None:
    del _props(template, "AWS::Cognito::UserPoolClient")["ExplicitAuthFlows"]
    provider = IdentityProvider(tmp_path, template)
    provider.admin_create_user("default@example.com", "D", "Corr3ct-horse!")

    with pytest.raises(InvalidParameter, match="USER_PASSWORD_AUTH flow not enabled"):
        provider.call("InitiateAuth", _sign_in_args(provider, "default@example.com"), "http://127.0.0.1:1")


def test_legacy_prevent_user_existence_errors_reveals_unknown_users_like_cognito(
    template: dict[str, Any], tmp_path: Path
) -> None:
    _props(template, "AWS::Cognito::UserPoolClient")["PreventUserExistenceErrors"] = "LEGACY"
    provider = IdentityProvider(tmp_path, template)

    with pytest.raises(UserNotFound):
        provider.call("InitiateAuth", _sign_in_args(provider, "ghost@example.com"), "http://127.0.0.1:1")


def test_case_insensitive_usernames_when_the_template_says_so(template: dict[str, Any], tmp_path: Path) -> None:
    _props(template, "AWS::Cognito::UserPool")["UsernameConfiguration"] = {"CaseSensitive": False}
    provider = IdentityProvider(tmp_path, template)
    provider.admin_create_user("Mixed.Case@Example.com", "M", "Corr3ct-horse!")

    assert provider.id_token_for("mixed.case@example.com", "Corr3ct-horse!", "http://127.0.0.1:1")


def test_usernames_are_case_sensitive_by_default_like_cognito(template: dict[str, Any], tmp_path: Path) -> None:
    provider = IdentityProvider(tmp_path, template)
    provider.admin_create_user("Mixed.Case@Example.com", "M", "Corr3ct-horse!")

    with pytest.raises(NotAuthorized, match="Incorrect username or password"):
        provider.id_token_for("mixed.case@example.com", "Corr3ct-horse!", "http://127.0.0.1:1")
