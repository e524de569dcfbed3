"""Composition root: builds each dependency from Settings the first time it is needed, once per cold start.

Handlers ask for what they use, so a function loads only its own adapters. Tests install a container built
from their own settings, clock or fakes with `use()` instead of patching."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING

from foodorder.config import Settings
from foodorder.domain.ports import Clock, OrdersRepository, UsersRepository

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency.persistence.base import BasePersistenceLayer

    from foodorder.adapters.storage.sqlite_db import SqliteDatabase
    from foodorder.auth.id_tokens import IdTokenVerifier
    from foodorder.services.placement import IdempotentPlacement


def utc_now() -> datetime:
    return datetime.now(UTC)


class Container:
    def __init__(self, settings: Settings, clock: Clock = utc_now) -> None:
        self.settings = settings
        self.clock = clock

    @cached_property
    def sqlite(self) -> SqliteDatabase:
        from foodorder.adapters.storage.sqlite_db import SqliteDatabase

        return SqliteDatabase(self.settings.sqlite_path)

    @cached_property
    def orders(self) -> OrdersRepository:
        if self.settings.storage_backend == "sqlite":
            from foodorder.adapters.storage.sqlite_orders import SqliteOrders

            return SqliteOrders(self.sqlite)
        from foodorder.adapters.storage.dynamodb_orders import DynamoDbOrders

        return DynamoDbOrders(self.settings.require("ORDERS_TABLE", self.settings.orders_table))

    @cached_property
    def idempotency_store(self) -> BasePersistenceLayer:
        if self.settings.storage_backend == "sqlite":
            from foodorder.adapters.idempotency.sqlite import SqlitePersistenceLayer

            return SqlitePersistenceLayer(self.sqlite)
        from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

        return DynamoDBPersistenceLayer(
            table_name=self.settings.require("IDEMPOTENCY_TABLE", self.settings.idempotency_table)
        )

    @cached_property
    def placement(self) -> IdempotentPlacement:
        from foodorder.services.placement import IdempotentPlacement

        return IdempotentPlacement(self.orders, self.clock, self.idempotency_store)

    @cached_property
    def users(self) -> UsersRepository:
        if self.settings.storage_backend == "sqlite":
            from foodorder.adapters.storage.sqlite_users import SqliteUsers

            return SqliteUsers(self.sqlite)
        from foodorder.adapters.storage.dynamodb_users import DynamoDbUsers

        return DynamoDbUsers(self.settings.require("USERS_TABLE", self.settings.users_table))

    @cached_property
    def id_tokens(self) -> IdTokenVerifier:
        """The authorizer's verifier; its JWKS cache lives as long as the container: one execution environment."""
        from foodorder.auth.id_tokens import IdTokenVerifier
        from foodorder.auth.jwks import JwksCache

        settings = self.settings
        return IdTokenVerifier(
            issuer=settings.require("COGNITO_ISSUER", settings.cognito_issuer),
            client_id=settings.require("USER_POOL_CLIENT_ID", settings.user_pool_client_id),
            admin_group=settings.admin_group,
            keys=JwksCache(settings.require("JWKS_URL", settings.jwks_url)),
        )


_container: Container | None = None


def container() -> Container:
    global _container
    if _container is None:
        _container = Container(Settings.from_env())
    return _container


def use(replacement: Container | None) -> None:
    """Installs a container (tests, the local runtime); None returns to building from the environment."""
    global _container
    _container = replacement
