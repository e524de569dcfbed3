"""The user pool, its app client and its groups, as template.yaml declares them.

Only settings this provider honours are accepted; any other property that would change Cognito's behaviour
stops the start with UnsupportedTemplate, so local sign-in never silently differs from the deployed pool."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from samlocal.identity.errors import UnsupportedTemplate
from samlocal.identity.passwords import PasswordPolicy

# Properties that only name, tag or describe delivery/hosted-UI details the local provider has no use for.
_POOL_INERT = {
    "UserPoolName",
    "UserPoolTags",
    "DeletionProtection",
    "AccountRecoverySetting",
    "EmailConfiguration",
    "EmailVerificationMessage",
    "EmailVerificationSubject",
    "VerificationMessageTemplate",
    "UserAttributeUpdateSettings",
}
_POOL_HONOURED = {
    "UsernameAttributes",
    "AutoVerifiedAttributes",
    "Schema",
    "Policies",
    "UsernameConfiguration",
    "AdminCreateUserConfig",
    "MfaConfiguration",
}
_CLIENT_INERT = {
    "ClientName",
    "UserPoolId",
    "SupportedIdentityProviders",
    "CallbackURLs",
    "LogoutURLs",
    "DefaultRedirectURI",
    "AllowedOAuthFlows",
    "AllowedOAuthScopes",
    "AllowedOAuthFlowsUserPoolClient",
    "EnablePropagateAdditionalUserContextData",
}
_CLIENT_HONOURED = {
    "GenerateSecret",
    "PreventUserExistenceErrors",
    "ExplicitAuthFlows",
    "AccessTokenValidity",
    "IdTokenValidity",
    "RefreshTokenValidity",
    "TokenValidityUnits",
    "AuthSessionValidity",
    "EnableTokenRevocation",
}

# Cognito's defaults for a client created without these settings.
_DEFAULT_FLOWS = ("ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH")
_LEGACY_FLOWS = {
    "ADMIN_NO_SRP_AUTH": "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "USER_PASSWORD_AUTH": "ALLOW_USER_PASSWORD_AUTH",
    "CUSTOM_AUTH_FLOW_ONLY": "ALLOW_CUSTOM_AUTH",
}
_UNIT_SECONDS = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}


@dataclass(frozen=True)
class Group:
    name: str
    description: str | None
    precedence: int | None


@dataclass(frozen=True)
class ClientSettings:
    explicit_auth_flows: frozenset[str]
    prevent_user_existence_errors: bool
    access_token_seconds: int = 3600
    id_token_seconds: int = 3600
    refresh_token_seconds: int = 30 * 86400
    auth_session_seconds: int = 180


@dataclass(frozen=True)
class PoolSettings:
    required_attributes: tuple[str, ...]
    schema_attributes: frozenset[str]
    auto_verified: frozenset[str]
    password_policy: PasswordPolicy
    temporary_password_days: int
    case_sensitive: bool
    admin_create_only: bool
    client: ClientSettings
    groups: Mapping[str, Group]
    admin_group: str


def load_pool_settings(template: Mapping[str, Any]) -> PoolSettings:
    resources: Mapping[str, Any] = template.get("Resources", {})
    pool = _only(resources, "AWS::Cognito::UserPool")
    client = _only(resources, "AWS::Cognito::UserPoolClient")
    groups = [_group(template, r) for r in resources.values() if r.get("Type") == "AWS::Cognito::UserPoolGroup"]
    if len(groups) != 1:
        raise UnsupportedTemplate(
            "template.yaml must declare exactly one AWS::Cognito::UserPoolGroup (the admin group)"
        )
    props = _checked(pool, _POOL_HONOURED | _POOL_INERT, "AWS::Cognito::UserPool")
    if props.get("UsernameAttributes") != ["email"]:
        raise UnsupportedTemplate("the local identity provider needs UsernameAttributes: [email]")
    if props.get("MfaConfiguration", "OFF") != "OFF":
        raise UnsupportedTemplate("MfaConfiguration other than OFF is not supported locally")
    schema = props.get("Schema", [])
    policies = props.get("Policies", {}).get("PasswordPolicy", {})
    return PoolSettings(
        required_attributes=tuple(a["Name"] for a in schema if a.get("Required")),
        schema_attributes=frozenset(a["Name"] for a in schema),
        auto_verified=frozenset(props.get("AutoVerifiedAttributes", [])),
        password_policy=PasswordPolicy.from_template(policies),
        temporary_password_days=int(policies.get("TemporaryPasswordValidityDays", 7)),
        case_sensitive=bool(props.get("UsernameConfiguration", {}).get("CaseSensitive", True)),
        admin_create_only=bool(props.get("AdminCreateUserConfig", {}).get("AllowAdminCreateUserOnly", False)),
        client=_client(_checked(client, _CLIENT_HONOURED | _CLIENT_INERT, "AWS::Cognito::UserPoolClient")),
        groups={groups[0].name: groups[0]},
        admin_group=groups[0].name,
    )


def _only(resources: Mapping[str, Any], kind: str) -> Mapping[str, Any]:
    found: list[Mapping[str, Any]] = [r for r in resources.values() if r.get("Type") == kind]
    if len(found) != 1:
        raise UnsupportedTemplate(f"template.yaml must declare exactly one {kind}, not {len(found)}")
    return found[0]


def _checked(resource: Mapping[str, Any], known: set[str], kind: str) -> Mapping[str, Any]:
    props: Mapping[str, Any] = resource.get("Properties") or {}
    unknown = sorted(set(props) - known)
    if unknown:
        raise UnsupportedTemplate(f"{kind} properties not supported by the local identity provider: {unknown}")
    return props


def _client(props: Mapping[str, Any]) -> ClientSettings:
    if props.get("GenerateSecret", False):
        raise UnsupportedTemplate("app clients with a secret (GenerateSecret: true) are not supported locally")
    if props.get("EnableTokenRevocation", True) is not True:
        raise UnsupportedTemplate("EnableTokenRevocation: false is not supported locally")
    units = {"AccessToken": "hours", "IdToken": "hours", "RefreshToken": "days", **props.get("TokenValidityUnits", {})}
    flows = props.get("ExplicitAuthFlows") or list(_DEFAULT_FLOWS)
    return ClientSettings(
        explicit_auth_flows=frozenset(_LEGACY_FLOWS.get(flow, flow) for flow in flows),
        prevent_user_existence_errors=props.get("PreventUserExistenceErrors", "LEGACY") == "ENABLED",
        access_token_seconds=_seconds(props, "AccessTokenValidity", units["AccessToken"], 1),
        id_token_seconds=_seconds(props, "IdTokenValidity", units["IdToken"], 1),
        refresh_token_seconds=_seconds(props, "RefreshTokenValidity", units["RefreshToken"], 30),
        auth_session_seconds=int(props.get("AuthSessionValidity", 3)) * 60,
    )


def _seconds(props: Mapping[str, Any], name: str, unit: str, default: int) -> int:
    if unit not in _UNIT_SECONDS:
        raise UnsupportedTemplate(f"TokenValidityUnits value {unit!r} is not one of {sorted(_UNIT_SECONDS)}")
    return int(props.get(name, default)) * _UNIT_SECONDS[unit]


def _group(template: Mapping[str, Any], resource: Mapping[str, Any]) -> Group:
    props = resource.get("Properties", {})
    precedence = props.get("Precedence")
    return Group(
        name=_resolve(template, props.get("GroupName")),
        description=props.get("Description"),
        precedence=None if precedence is None else int(precedence),
    )


def _resolve(template: Mapping[str, Any], value: Any) -> str:
    """A literal, or a `!Ref` to a template Parameter, resolved to the Parameter's Default."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping) and set(value) == {"Ref"}:
        parameter = template.get("Parameters", {}).get(value["Ref"], {})
        if isinstance(parameter.get("Default"), str):
            return str(parameter["Default"])
    raise UnsupportedTemplate(f"cannot resolve {value!r}: use a literal or a Ref to a Parameter with a Default")
