"""Administration of users: AdminCreateUser, AdminSetUserPassword, AdminGetUser, AdminDeleteUser."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from samlocal.identity.attributes import new_user_attributes
from samlocal.identity.core import Pool, log
from samlocal.identity.errors import InvalidParameter
from samlocal.identity.params import Params, attributes, email_username, optional_text, text, user_type
from samlocal.identity.users import User, UserStatus


def admin_create_user(pool: Pool, params: Params, issuer: str) -> dict[str, Any]:
    pool.check_pool(params)
    action = params.get("MessageAction")
    if action not in (None, "SUPPRESS", "RESEND"):
        raise InvalidParameter("MessageAction must be RESEND or SUPPRESS")
    if action == "RESEND":
        return _resend_invitation(pool, params)
    email = email_username(text(params, "Username"))
    # Required attributes are not enforced here: the NEW_PASSWORD_REQUIRED challenge asks for the missing ones.
    values = new_user_attributes(pool.settings, email, attributes(params), by_admin=True, require=False)
    password, generated = _temporary_password(pool, params)
    now = pool.clock()
    user = User(
        str(uuid.uuid4()),
        pool.users.login_key(email),
        "FORCE_CHANGE_PASSWORD",
        pool.passwords.hash(password),
        now,
        now,
        now,
        values,
    )
    pool.users.create(user, message="User account already exists.")
    if action is None:
        _invite(user, password if generated else None)
    return {"User": user_type(user)}


def _resend_invitation(pool: Pool, params: Params) -> dict[str, Any]:
    user = pool.existing_user(params)
    if user.status != "FORCE_CHANGE_PASSWORD":
        raise InvalidParameter(f"Resend not possible. {user.sub} status is not FORCE_CHANGE_PASSWORD")
    password, generated = _temporary_password(pool, params)
    user = replace(
        user, password_hash=pool.passwords.hash(password), password_set_at=pool.clock(), modified_at=pool.clock()
    )
    pool.users.save(user)
    _invite(user, password if generated else None)
    return {"User": user_type(user)}


def _temporary_password(pool: Pool, params: Params) -> tuple[str, bool]:
    given = optional_text(params, "TemporaryPassword")
    if given is None:
        return pool.settings.password_policy.generate(), True
    pool.settings.password_policy.check(given)
    return given, False


def _invite(user: User, generated_password: str | None) -> None:
    """The invitation email, logged. It carries the temporary password only when nobody else knows it
    (Cognito generated it); a password an administrator chose is never written anywhere."""
    if generated_password is None:
        log.info("Invitation for %s (sub %s): sign in with the temporary password you were given", user.login, user.sub)
    else:
        log.info("Invitation for %s (sub %s): temporary password %s", user.login, user.sub, generated_password)


def admin_set_user_password(pool: Pool, params: Params, issuer: str) -> dict[str, Any]:
    pool.check_pool(params)
    password = text(params, "Password")
    permanent = params.get("Permanent", False)
    if not isinstance(permanent, bool):
        raise InvalidParameter("Permanent must be a boolean")
    user = pool.existing_user(params)
    pool.settings.password_policy.check(password)
    now = pool.clock()
    status: UserStatus = "CONFIRMED" if permanent else "FORCE_CHANGE_PASSWORD"
    pool.users.save(
        replace(user, status=status, password_hash=pool.passwords.hash(password), password_set_at=now, modified_at=now)
    )
    return {}


def admin_get_user(pool: Pool, params: Params, issuer: str) -> dict[str, Any]:
    pool.check_pool(params)
    return user_type(pool.existing_user(params), attributes_key="UserAttributes")


def admin_delete_user(pool: Pool, params: Params, issuer: str) -> dict[str, Any]:
    pool.check_pool(params)
    pool.users.delete(pool.existing_user(params).sub)
    return {}
