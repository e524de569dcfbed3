"""Listing users and group membership: ListUsers, AdminAddUserToGroup, AdminRemoveUserFromGroup,
AdminListGroupsForUser."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from samlocal.identity.core import Pool
from samlocal.identity.errors import InvalidParameter, ResourceNotFound
from samlocal.identity.params import Params, optional_text, text, user_type
from samlocal.identity.pool import Group
from samlocal.identity.users import User

# Cognito's filter grammar: `attribute = "value"` (exact) or `attribute ^= "value"` (prefix).
_FILTER = re.compile(r'^\s*(?P<name>[\w:]+)\s*(?P<op>\^?=)\s*"(?P<value>(?:[^"\\]|\\.)*)"\s*$')
Matcher = Callable[[User], bool]
_FILTERABLE: dict[str, Callable[[User], str]] = {
    "username": lambda u: u.sub,
    "sub": lambda u: u.sub,
    "email": lambda u: u.attributes.get("email", ""),
    "name": lambda u: u.attributes.get("name", ""),
}
_MAX_LIMIT = 60


def list_users(pool: Pool, params: Params, issuer: str) -> dict[str, Any]:
    pool.check_pool(params)
    matches = _filter(optional_text(params, "Filter"))
    limit = params.get("Limit", _MAX_LIMIT)
    if not isinstance(limit, int) or not 0 <= limit <= _MAX_LIMIT:
        raise InvalidParameter(f"Limit must be an integer from 0 to {_MAX_LIMIT}")
    after = optional_text(params, "PaginationToken") or ""
    only = params.get("AttributesToGet")
    if only is not None and not (isinstance(only, list) and all(isinstance(a, str) for a in only)):
        raise InvalidParameter("AttributesToGet must be a list of attribute names")
    # Users come in sub order, so the last sub of a page is where the next page starts.
    found = [user for user in pool.users.all() if user.sub > after and matches(user)]
    page = found[: limit or _MAX_LIMIT]
    response: dict[str, Any] = {"Users": [user_type(user, only=only) for user in page]}
    if len(found) > len(page):
        response["PaginationToken"] = page[-1].sub
    return response


def _filter(expression: str | None) -> Matcher:
    if not expression:
        return lambda user: True
    parsed = _FILTER.match(expression)
    if parsed is None or parsed["name"] not in _FILTERABLE:
        raise InvalidParameter(f"Invalid search filter or unsupported attribute: {expression}")
    read, value = _FILTERABLE[parsed["name"]], re.sub(r"\\(.)", r"\1", parsed["value"])
    if parsed["op"] == "^=":
        return lambda user: read(user).startswith(value)
    return lambda user: read(user) == value


def admin_add_user_to_group(pool: Pool, params: Params, issuer: str) -> dict[str, Any]:
    user, group = _membership(pool, params)
    pool.users.add_to_group(user.sub, group.name)
    return {}


def admin_remove_user_from_group(pool: Pool, params: Params, issuer: str) -> dict[str, Any]:
    user, group = _membership(pool, params)
    pool.users.remove_from_group(user.sub, group.name)
    return {}


def admin_list_groups_for_user(pool: Pool, params: Params, issuer: str) -> dict[str, Any]:
    pool.check_pool(params)
    user = pool.existing_user(params)
    groups = [pool.settings.groups[name] for name in pool.users.groups(user.sub) if name in pool.settings.groups]
    return {"Groups": [_group_type(pool, group) for group in groups]}


def _membership(pool: Pool, params: Params) -> tuple[User, Group]:
    pool.check_pool(params)
    group = pool.settings.groups.get(text(params, "GroupName"))
    if group is None:
        raise ResourceNotFound("Group not found.")
    return pool.existing_user(params), group


def _group_type(pool: Pool, group: Group) -> dict[str, Any]:
    created = pool.ids.created_at
    shape: dict[str, Any] = {
        "GroupName": group.name,
        "UserPoolId": pool.ids.pool_id,
        "CreationDate": created,
        "LastModifiedDate": created,
    }
    if group.description is not None:
        shape["Description"] = group.description
    if group.precedence is not None:
        shape["Precedence"] = group.precedence
    return shape
