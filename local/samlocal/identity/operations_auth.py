"""Signing in and out: InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge, GetUser, GlobalSignOut."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from samlocal.identity.attributes import missing_required
from samlocal.identity.core import Pool
from samlocal.identity.errors import InvalidParameter, NotAuthorized, UserNotConfirmed, UserNotFound
from samlocal.identity.params import Params, attribute_list, mapping, text
from samlocal.identity.users import User

Flow = Callable[[Pool, dict[str, str], str], dict[str, Any]]

_WRONG_CREDENTIALS = "Incorrect username or password."
_DAY = 86400


def _password_flow(pool: Pool, auth: dict[str, str], issuer: str) -> dict[str, Any]:
    for required in ("USERNAME", "PASSWORD"):
        if required not in auth:
            raise InvalidParameter(f"Missing required parameter {required}")
    user = pool.users.find(auth["USERNAME"])
    # Verifying spends the same work whether or not the user exists.
    valid = pool.passwords.verify(auth["PASSWORD"], user.password_hash if user else None)
    if user is None or not valid:
        if user is None and not pool.settings.client.prevent_user_existence_errors:
            raise UserNotFound("User does not exist.")
        raise NotAuthorized(_WRONG_CREDENTIALS)
    if user.status == "UNCONFIRMED":
        raise UserNotConfirmed("User is not confirmed.")
    if user.status == "FORCE_CHANGE_PASSWORD":
        return _new_password_challenge(pool, user)
    return {"ChallengeParameters": {}, "AuthenticationResult": pool.sign_in(user, issuer)}


def _new_password_challenge(pool: Pool, user: User) -> dict[str, Any]:
    if pool.clock() > user.password_set_at + pool.settings.temporary_password_days * _DAY:
        raise NotAuthorized("Temporary password has expired and must be reset by an administrator.")
    lifetime = pool.settings.client.auth_session_seconds
    shown = {k: v for k, v in user.attributes.items() if k != "email_verified"}
    return {
        "ChallengeName": "NEW_PASSWORD_REQUIRED",
        "Session": pool.sessions.start_challenge(user.sub, pool.clock(), lifetime),
        "ChallengeParameters": {
            "USER_ID_FOR_SRP": user.sub,
            "requiredAttributes": json.dumps([f"userAttributes.{a}" for a in missing_required(pool.settings, shown)]),
            "userAttributes": json.dumps(shown),
        },
    }


def _refresh_flow(pool: Pool, auth: dict[str, str], issuer: str) -> dict[str, Any]:
    session = pool.sessions.by_refresh_token(auth.get("REFRESH_TOKEN", ""))
    if session is None:
        raise NotAuthorized("Invalid Refresh Token")
    if session.revoked:
        raise NotAuthorized("Refresh Token has been revoked")
    if session.expires_at <= pool.clock():
        raise NotAuthorized("Refresh Token has expired")
    user = pool.users.find(session.sub)
    if user is None:
        raise NotAuthorized("User does not exist.")
    # Refreshing returns new ID and access tokens but no new refresh token, as Cognito does without rotation.
    return {"ChallengeParameters": {}, "AuthenticationResult": pool.tokens_for(user, session, issuer)}


# AuthFlow -> (the ExplicitAuthFlows entry the client needs, the flow).
_CLIENT_FLOWS: dict[str, tuple[str, Flow]] = {
    "USER_PASSWORD_AUTH": ("ALLOW_USER_PASSWORD_AUTH", _password_flow),
    "REFRESH_TOKEN_AUTH": ("ALLOW_REFRESH_TOKEN_AUTH", _refresh_flow),
    "REFRESH_TOKEN": ("ALLOW_REFRESH_TOKEN_AUTH", _refresh_flow),
}
_ADMIN_FLOWS: dict[str, tuple[str, Flow]] = {
    "ADMIN_USER_PASSWORD_AUTH": ("ALLOW_ADMIN_USER_PASSWORD_AUTH", _password_flow),
    "ADMIN_NO_SRP_AUTH": ("ALLOW_ADMIN_USER_PASSWORD_AUTH", _password_flow),
    "REFRESH_TOKEN_AUTH": ("ALLOW_REFRESH_TOKEN_AUTH", _refresh_flow),
    "REFRESH_TOKEN": ("ALLOW_REFRESH_TOKEN_AUTH", _refresh_flow),
}
# Real Cognito flows this provider does not implement; refused by name rather than as unknown.
_NOT_LOCAL = {"USER_SRP_AUTH", "CUSTOM_AUTH", "USER_AUTH"}


def initiate_auth(pool: Pool, params: Params, issuer: str) -> dict[str, Any]:
    pool.check_client(params)
    return _authenticate(pool, params, issuer, _CLIENT_FLOWS)


def admin_initiate_auth(pool: Pool, params: Params, issuer: str) -> dict[str, Any]:
    pool.check_pool(params)
    pool.check_client(params)
    return _authenticate(pool, params, issuer, _ADMIN_FLOWS)


def _authenticate(pool: Pool, params: Params, issuer: str, flows: dict[str, tuple[str, Flow]]) -> dict[str, Any]:
    name = text(params, "AuthFlow")
    auth = mapping(params, "AuthParameters")
    if name in _NOT_LOCAL:
        raise InvalidParameter(f"{name} is not supported by the local identity provider; use USER_PASSWORD_AUTH")
    if name not in flows:
        raise InvalidParameter("Initiate Auth method not supported.")
    allowed_by, flow = flows[name]
    if allowed_by not in pool.settings.client.explicit_auth_flows:
        raise InvalidParameter(f"{name} flow not enabled for this client")
    return flow(pool, auth, issuer)


def respond_to_auth_challenge(pool: Pool, params: Params, issuer: str) -> dict[str, Any]:
    pool.check_client(params)
    if text(params, "ChallengeName") != "NEW_PASSWORD_REQUIRED":
        raise InvalidParameter("Only the NEW_PASSWORD_REQUIRED challenge is issued by this user pool.")
    session = text(params, "Session")
    answers = mapping(params, "ChallengeResponses")
    sub = pool.sessions.challenge_user(session, pool.clock())
    user = pool.users.find(sub) if sub else None
    if user is None or pool.users.find(answers.get("USERNAME", "")) != user:
        raise NotAuthorized("Invalid session for the user, session is expired.")
    new_password = text(answers, "NEW_PASSWORD")
    given = {k.removeprefix("userAttributes."): v for k, v in answers.items() if k.startswith("userAttributes.")}
    values = {**user.attributes, **given}
    missing = missing_required(pool.settings, values)
    if missing:
        raise InvalidParameter(
            "Attributes did not conform to the schema: "
            + "\n".join(f"{name}: The attribute is required" for name in missing)
        )
    pool.settings.password_policy.check(new_password)
    if not pool.sessions.finish_challenge(session):
        raise NotAuthorized("Invalid session for the user, session is expired.")
    now = pool.clock()
    user = replace(
        user,
        status="CONFIRMED",
        password_hash=pool.passwords.hash(new_password),
        password_set_at=now,
        attributes=values,
        modified_at=now,
    )
    pool.users.save(user)
    return {"ChallengeParameters": {}, "AuthenticationResult": pool.sign_in(user, issuer)}


def get_user(pool: Pool, params: Params, issuer: str) -> dict[str, Any]:
    user = _signed_in_user(pool, params)
    return {"Username": user.sub, "UserAttributes": attribute_list(user)}


def global_sign_out(pool: Pool, params: Params, issuer: str) -> dict[str, Any]:
    user = _signed_in_user(pool, params)
    pool.sessions.revoke_all(user.sub)
    return {}


def _signed_in_user(pool: Pool, params: Params) -> User:
    claims = pool.tokens.verify_access(text(params, "AccessToken"), pool.clock())
    session = pool.sessions.by_origin(str(claims["origin_jti"]))
    if session is None or session.revoked:
        raise NotAuthorized("Access Token has been revoked")
    user = pool.users.find(str(claims["sub"]))
    if user is None:
        raise NotAuthorized("User does not exist.")
    return user
