"""Settings: the only reader of the process environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


def running_on_lambda(env: Mapping[str, str] = os.environ) -> bool:
    """Lambda sets LAMBDA_TASK_ROOT in every execution environment; local runtimes deliberately do not."""
    return "LAMBDA_TASK_ROOT" in env


# The variables boto3 reads for an endpoint, in its order: the service's own (named after the service id,
# "Cognito Identity Provider"), then the one for every service; otherwise the regional address.
COGNITO_ENDPOINT_VARIABLES = ("AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER", "AWS_ENDPOINT_URL")


def cognito_endpoint(env: Mapping[str, str] = os.environ) -> str | None:
    """Where Cognito's API is, found as boto3 finds it, so an engine that points the SDK elsewhere (LocalStack,
    MiniStack, the local stack) points the authorizer there too; None without a region to build the address."""
    for name in COGNITO_ENDPOINT_VARIABLES:
        if env.get(name):
            return env[name].rstrip("/")
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
    return f"https://cognito-idp.{region}.amazonaws.com" if region else None


def jwks_url(issuer: str | None, endpoint: str | None) -> str | None:
    """The pool's JWKS is published under the Cognito endpoint at /{poolId}/.well-known/jwks.json; the pool id is
    the last segment of the issuer, which stays the one claim the tokens are checked against."""
    if not issuer or not endpoint:
        return None
    return f"{endpoint}/{issuer.rstrip('/').rsplit('/', 1)[-1]}/.well-known/jwks.json"


class MissingSetting(RuntimeError):
    def __init__(self, name: str) -> None:
        super().__init__(f"environment variable {name} is not set")


@dataclass(frozen=True)
class Settings:
    # A name from the storage registry (adapters/registry.py), which refuses any other.
    storage_backend: str = "dynamodb"
    sqlite_path: str | None = None
    orders_table: str | None = None
    idempotency_table: str | None = None
    users_table: str | None = None
    admin_group: str = "apiAdmins"
    # The Users API's TOKEN authorizer: whose ID tokens it accepts and where the signing keys are published
    # (from the issuer and the Cognito endpoint).
    user_pool_client_id: str | None = None
    cognito_issuer: str | None = None
    jwks_url: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Settings:
        # An empty value is unset: the template declares SQLITE_PATH empty so that a local env-vars file may set it.
        def get(name: str) -> str | None:
            return env.get(name) or None

        return cls(
            storage_backend=get("STORAGE_BACKEND") or cls.storage_backend,
            sqlite_path=get("SQLITE_PATH"),
            orders_table=get("ORDERS_TABLE"),
            idempotency_table=get("IDEMPOTENCY_TABLE"),
            users_table=get("USERS_TABLE"),
            admin_group=get("ADMIN_GROUP_NAME") or cls.admin_group,
            user_pool_client_id=get("USER_POOL_CLIENT_ID"),
            cognito_issuer=get("COGNITO_ISSUER"),
            jwks_url=jwks_url(get("COGNITO_ISSUER"), cognito_endpoint(env)),
        )

    def require(self, name: str, value: str | None) -> str:
        if not value:
            raise MissingSetting(name)
        return value
