"""Settings: the only reader of the process environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

StorageBackend = Literal["sqlite", "dynamodb"]


def running_on_lambda(env: Mapping[str, str] = os.environ) -> bool:
    """Lambda sets LAMBDA_TASK_ROOT in every execution environment; the local runtime deliberately does not."""
    return "LAMBDA_TASK_ROOT" in env


class MissingSetting(RuntimeError):
    def __init__(self, name: str) -> None:
        super().__init__(f"environment variable {name} is not set")


@dataclass(frozen=True)
class Settings:
    storage_backend: StorageBackend = "sqlite"
    sqlite_path: str = ".state/foodorder.db"
    orders_table: str | None = None
    idempotency_table: str | None = None
    users_table: str | None = None
    admin_group: str = "apiAdmins"
    # The Users API's TOKEN authorizer: whose ID tokens it accepts and where the signing keys are published.
    user_pool_client_id: str | None = None
    cognito_issuer: str | None = None
    jwks_url: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Settings:
        backend: StorageBackend
        match env.get("STORAGE_BACKEND", "sqlite"):
            case "sqlite":
                backend = "sqlite"
            case "dynamodb":
                backend = "dynamodb"
            case other:
                raise ValueError(f"STORAGE_BACKEND must be sqlite or dynamodb, not {other!r}")
        return cls(
            storage_backend=backend,
            sqlite_path=env.get("SQLITE_PATH", cls.sqlite_path),
            orders_table=env.get("ORDERS_TABLE"),
            idempotency_table=env.get("IDEMPOTENCY_TABLE"),
            users_table=env.get("USERS_TABLE"),
            admin_group=env.get("ADMIN_GROUP_NAME", cls.admin_group),
            user_pool_client_id=env.get("USER_POOL_CLIENT_ID"),
            cognito_issuer=env.get("COGNITO_ISSUER"),
            jwks_url=env.get("JWKS_URL"),
        )

    def require(self, name: str, value: str | None) -> str:
        if not value:
            raise MissingSetting(name)
        return value
