"""IdentityProvider: the local Cognito user pool, callable in-process or through create_app over HTTP."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from samlocal.identity import operations_admin, operations_auth, operations_directory, operations_signup
from samlocal.identity.core import Pool
from samlocal.identity.errors import CognitoError, UnknownOperation
from samlocal.identity.keys import SigningKey
from samlocal.identity.params import Params
from samlocal.identity.passwords import SCRYPT, PasswordHasher
from samlocal.identity.pool import PoolSettings, load_pool_settings
from samlocal.identity.sessions import SessionStore
from samlocal.identity.store import IdentityDatabase, pool_identity
from samlocal.identity.tokens import TokenIssuer
from samlocal.identity.users import UserStore

Operation = Callable[[Pool, Params, str], dict[str, Any]]

OPERATIONS: dict[str, Operation] = {
    "SignUp": operations_signup.sign_up,
    "ConfirmSignUp": operations_signup.confirm_sign_up,
    "ResendConfirmationCode": operations_signup.resend_confirmation_code,
    "AdminConfirmSignUp": operations_signup.admin_confirm_sign_up,
    "AdminCreateUser": operations_admin.admin_create_user,
    "AdminSetUserPassword": operations_admin.admin_set_user_password,
    "AdminGetUser": operations_admin.admin_get_user,
    "AdminDeleteUser": operations_admin.admin_delete_user,
    "ListUsers": operations_directory.list_users,
    "AdminAddUserToGroup": operations_directory.admin_add_user_to_group,
    "AdminRemoveUserFromGroup": operations_directory.admin_remove_user_from_group,
    "AdminListGroupsForUser": operations_directory.admin_list_groups_for_user,
    "InitiateAuth": operations_auth.initiate_auth,
    "AdminInitiateAuth": operations_auth.admin_initiate_auth,
    "RespondToAuthChallenge": operations_auth.respond_to_auth_challenge,
    "GetUser": operations_auth.get_user,
    "GlobalSignOut": operations_auth.global_sign_out,
}


class IdentityProvider:
    """One user pool and app client, configured by template.yaml, with state in `state_dir`:
    identity.db (SQLite) and the signing key. Pool and client ids are made once per state directory."""

    def __init__(
        self,
        state_dir: Path,
        template: Mapping[str, Any],
        region: str = "us-east-1",
        *,
        clock: Callable[[], float] = time.time,
        passwords: PasswordHasher = SCRYPT,
        key: SigningKey | None = None,
    ) -> None:
        """`passwords` and `key` exist for tests (a cheap hash, one key for a whole run); the stack passes neither,
        so it hashes at full cost and signs with the installation's own key from `state_dir`."""
        settings = load_pool_settings(template)
        self._db = IdentityDatabase(state_dir)
        ids = pool_identity(self._db, region, clock())
        self._key = key or SigningKey.load_or_create(state_dir)
        self._pool = Pool(
            settings=settings,
            ids=ids,
            users=UserStore(self._db, case_sensitive=settings.case_sensitive),
            sessions=SessionStore(self._db),
            tokens=TokenIssuer(self._key, ids.pool_id, ids.client_id),
            clock=clock,
            passwords=passwords,
        )
        self.region = region

    @property
    def pool_id(self) -> str:
        return self._pool.ids.pool_id

    @property
    def client_id(self) -> str:
        return self._pool.ids.client_id

    @property
    def admin_group(self) -> str:
        return self._pool.settings.admin_group

    @property
    def settings(self) -> PoolSettings:
        return self._pool.settings

    def issuer(self, endpoint: str) -> str:
        """`endpoint` is what clients pass as --endpoint-url, e.g. http://127.0.0.1:3000/cognito."""
        return f"{endpoint.rstrip('/')}/{self.pool_id}"

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self._key.jwk()]}

    def openid_configuration(self, endpoint: str) -> dict[str, Any]:
        """Discovery without the hosted-UI endpoints (authorization, token, userinfo), which this provider lacks."""
        issuer = self.issuer(endpoint)
        return {
            "issuer": issuer,
            "jwks_uri": f"{issuer}/.well-known/jwks.json",
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["code", "token"],
            "scopes_supported": ["openid", "email", "phone", "profile"],
            "claims_supported": ["sub", "email", "email_verified", "name", "cognito:groups", "cognito:username"],
        }

    def call(self, operation: str, params: Params, endpoint: str) -> dict[str, Any]:
        """Runs one Cognito operation with its JSON request members; raises CognitoError as Cognito fails."""
        handler = OPERATIONS.get(operation)
        if handler is None:
            raise UnknownOperation(f"Operation {operation} is not supported by the local identity provider.")
        return handler(self._pool, params, self.issuer(endpoint))

    def admin_create_user(self, email: str, name: str, password: str, *, admin: bool = False) -> str:
        """A confirmed user with a verified email and a permanent password; returns the sub."""
        pool_ref = {"UserPoolId": self.pool_id}
        attributes = [{"Name": "name", "Value": name}, {"Name": "email_verified", "Value": "true"}]
        created = self.call(
            "AdminCreateUser",
            {
                **pool_ref,
                "Username": email,
                "UserAttributes": attributes,
                "MessageAction": "SUPPRESS",
                "TemporaryPassword": password,
            },
            "",
        )
        sub = str(created["User"]["Username"])
        self.call("AdminSetUserPassword", {**pool_ref, "Username": sub, "Password": password, "Permanent": True}, "")
        if admin:
            self.call("AdminAddUserToGroup", {**pool_ref, "Username": sub, "GroupName": self.admin_group}, "")
        return sub

    def id_token_for(self, email: str, password: str, endpoint: str) -> str:
        """Signs in as a client would (USER_PASSWORD_AUTH) and returns the ID token for `endpoint`'s issuer."""
        auth = {"USERNAME": email, "PASSWORD": password}
        result = self.call(
            "InitiateAuth",
            {"ClientId": self.client_id, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": auth},
            endpoint,
        )
        if "AuthenticationResult" not in result:
            raise CognitoError(f"{email} must answer the {result.get('ChallengeName')} challenge first")
        return str(result["AuthenticationResult"]["IdToken"])

    def close(self) -> None:
        self._db.close()
