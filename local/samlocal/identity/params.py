"""Reading request members and writing Cognito's response shapes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from samlocal.identity.errors import InvalidParameter
from samlocal.identity.users import User

Params = Mapping[str, Any]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def text(params: Params, name: str) -> str:
    value = params.get(name)
    if not isinstance(value, str) or not value:
        raise InvalidParameter(
            f"1 validation error detected: Value at '{name}' failed to satisfy constraint: "
            "Member must not be null and must be a non-empty string"
        )
    return value


def optional_text(params: Params, name: str) -> str | None:
    return None if params.get(name) is None else text(params, name)


def mapping(params: Params, name: str) -> dict[str, str]:
    value = params.get(name) or {}
    if not isinstance(value, Mapping) or not all(isinstance(v, str) for v in value.values()):
        raise InvalidParameter(f"{name} must be a map of strings")
    return dict(value)


def attributes(params: Params, name: str = "UserAttributes") -> dict[str, str]:
    """A list of {"Name", "Value"} as a dict."""
    items = params.get(name) or []
    if not isinstance(items, list):
        raise InvalidParameter(f"{name} must be a list of {{Name, Value}}")
    result: dict[str, str] = {}
    for item in items:
        if not isinstance(item, Mapping) or not isinstance(item.get("Name"), str):
            raise InvalidParameter(f"{name} must be a list of {{Name, Value}}")
        value = item.get("Value", "")
        if not isinstance(value, str):
            raise InvalidParameter(f"{name}: the value of {item['Name']} must be a string")
        result[item["Name"]] = value
    return result


def email_username(username: str) -> str:
    if not _EMAIL.match(username):
        raise InvalidParameter("Username should be an email.")
    return username


def attribute_list(user: User, only: list[str] | None = None) -> list[dict[str, str]]:
    values = {"sub": user.sub, **user.attributes}
    return [{"Name": k, "Value": v} for k, v in values.items() if only is None or k in only]


def user_type(user: User, *, attributes_key: str = "Attributes", only: list[str] | None = None) -> dict[str, Any]:
    """UserType (ListUsers, AdminCreateUser); AdminGetUser names its list UserAttributes."""
    return {
        "Username": user.sub,
        attributes_key: attribute_list(user, only),
        "UserCreateDate": user.created_at,
        "UserLastModifiedDate": user.modified_at,
        "Enabled": True,
        "UserStatus": user.status,
    }


def code_delivery(email: str) -> dict[str, str]:
    """Where the code went, masked as Cognito masks it: a***@e***."""
    local, _, domain = email.partition("@")
    return {"Destination": f"{local[:1]}***@{domain[:1]}***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
