"""Self-service sign-up and confirmation: SignUp, ConfirmSignUp, ResendConfirmationCode, AdminConfirmSignUp."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from samlocal.identity.attributes import new_user_attributes
from samlocal.identity.core import Pool, log
from samlocal.identity.errors import CodeMismatch, ExpiredCode, InvalidParameter, NotAuthorized, UserNotFound
from samlocal.identity.params import Params, attributes, code_delivery, email_username, text
from samlocal.identity.users import User


def sign_up(pool: Pool, params: Params, issuer: str) -> dict[str, Any]:
    pool.check_client(params)
    if pool.settings.admin_create_only:
        raise NotAuthorized("SignUp is not permitted for this user pool.")
    email = email_username(text(params, "Username"))
    password = text(params, "Password")
    values = new_user_attributes(pool.settings, email, attributes(params), by_admin=False, require=True)
    pool.settings.password_policy.check(password)
    now = pool.clock()
    user = User(
        str(uuid.uuid4()),
        pool.users.login_key(email),
        "UNCONFIRMED",
        pool.passwords.hash(password),
        now,
        now,
        now,
        values,
    )
    pool.users.create(user, message="An account with the given email already exists.")
    response: dict[str, Any] = {"UserConfirmed": False, "UserSub": user.sub}
    if "email" in pool.settings.auto_verified:
        response["CodeDeliveryDetails"] = _send_code(pool, user)
    return response


def confirm_sign_up(pool: Pool, params: Params, issuer: str) -> dict[str, Any]:
    pool.check_client(params)
    code = text(params, "ConfirmationCode")
    user = pool.users.find(text(params, "Username"))
    if user is None:
        # With PreventUserExistenceErrors an unknown user looks like a wrong code.
        if pool.settings.client.prevent_user_existence_errors:
            raise CodeMismatch("Invalid verification code provided, please try again.")
        raise UserNotFound("Username/client id combination not found.")
    _require_unconfirmed(user)
    match pool.sessions.check_code(user.sub, code, pool.clock()):
        case "mismatch":
            raise CodeMismatch("Invalid verification code provided, please try again.")
        case "expired":
            raise ExpiredCode("Invalid code provided, please request a code again.")
    # The code reached the user's inbox, which verifies the address.
    verified = {**user.attributes, "email_verified": "true"}
    pool.users.save(replace(user, status="CONFIRMED", attributes=verified, modified_at=pool.clock()))
    pool.sessions.discard_code(user.sub)
    return {}


def resend_confirmation_code(pool: Pool, params: Params, issuer: str) -> dict[str, Any]:
    pool.check_client(params)
    username = text(params, "Username")
    user = pool.users.find(username)
    if user is None:
        if pool.settings.client.prevent_user_existence_errors:
            return {"CodeDeliveryDetails": code_delivery(username)}
        raise UserNotFound("Username/client id combination not found.")
    if user.status != "UNCONFIRMED":
        raise InvalidParameter("User is already confirmed.")
    return {"CodeDeliveryDetails": _send_code(pool, user)}


def admin_confirm_sign_up(pool: Pool, params: Params, issuer: str) -> dict[str, Any]:
    pool.check_pool(params)
    user = pool.existing_user(params)
    _require_unconfirmed(user)
    # An administrator confirms the account, not the address: email_verified stays as it was, as in Cognito.
    pool.users.save(replace(user, status="CONFIRMED", modified_at=pool.clock()))
    pool.sessions.discard_code(user.sub)
    return {}


def _require_unconfirmed(user: User) -> None:
    if user.status != "UNCONFIRMED":
        raise NotAuthorized(f"User cannot be confirmed. Current status is {user.status}")


def _send_code(pool: Pool, user: User) -> dict[str, str]:
    code = pool.sessions.issue_code(user.sub, pool.clock())
    email = user.attributes["email"]
    log.info("Confirmation code for %s (sub %s): %s", email, user.sub, code)
    return code_delivery(email)
