"""The one place that names the storage backends: STORAGE_BACKEND's value to the factory of its adapters.

Each backend builds its adapters on first use and imports its modules only then, so a function loads only the
storage it touches (a DynamoDB-backed function never imports sqlite3, and the reverse)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from foodorder.config import Settings

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency.persistence.base import BasePersistenceLayer

    from foodorder.domain.ports import OrdersRepository, UsersRepository


class Storage(Protocol):
    def orders(self) -> OrdersRepository: ...
    def users(self) -> UsersRepository: ...
    def idempotency(self) -> BasePersistenceLayer: ...
    def close(self) -> None: ...


class UnknownBackend(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"STORAGE_BACKEND must be one of {', '.join(sorted(BACKENDS))}, not {name!r}")


class _Sqlite:
    """One SQLite file (WAL) for orders, users and idempotency records: the local stack's store."""

    def __init__(self, settings: Settings) -> None:
        from foodorder.adapters.storage.sqlite_db import SqliteDatabase

        self._db = SqliteDatabase(settings.require("SQLITE_PATH", settings.sqlite_path))

    def orders(self) -> OrdersRepository:
        from foodorder.adapters.storage.sqlite_orders import SqliteOrders

        return SqliteOrders(self._db)

    def users(self) -> UsersRepository:
        from foodorder.adapters.storage.sqlite_users import SqliteUsers

        return SqliteUsers(self._db)

    def idempotency(self) -> BasePersistenceLayer:
        from foodorder.adapters.idempotency.sqlite import SqlitePersistenceLayer

        return SqlitePersistenceLayer(self._db)

    def close(self) -> None:
        self._db.close()


class _DynamoDb:
    """The template's three tables: what the functions use on AWS."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings

    def orders(self) -> OrdersRepository:
        from foodorder.adapters.storage.dynamodb_orders import DynamoDbOrders

        return DynamoDbOrders(self._settings.require("ORDERS_TABLE", self._settings.orders_table))

    def users(self) -> UsersRepository:
        from foodorder.adapters.storage.dynamodb_users import DynamoDbUsers

        return DynamoDbUsers(self._settings.require("USERS_TABLE", self._settings.users_table))

    def idempotency(self) -> BasePersistenceLayer:
        from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

        table = self._settings.require("IDEMPOTENCY_TABLE", self._settings.idempotency_table)
        return DynamoDBPersistenceLayer(table_name=table)

    def close(self) -> None:
        """boto3 clients hold nothing that needs closing."""


class _Memory:
    """Dicts in this process: the fakes unit tests use, held to the same contracts as the real adapters."""

    def __init__(self, settings: Settings) -> None:
        """Nothing to configure: every setting names a place, and dicts have none."""

    def orders(self) -> OrdersRepository:
        from foodorder.adapters.storage.memory_orders import InMemoryOrders

        return InMemoryOrders()

    def users(self) -> UsersRepository:
        from foodorder.adapters.storage.memory_users import InMemoryUsers

        return InMemoryUsers()

    def idempotency(self) -> BasePersistenceLayer:
        from foodorder.adapters.idempotency.memory import InMemoryPersistenceLayer

        return InMemoryPersistenceLayer()

    def close(self) -> None:
        """Nothing to release."""


BACKENDS: dict[str, Callable[[Settings], Storage]] = {"sqlite": _Sqlite, "dynamodb": _DynamoDb, "memory": _Memory}


def open_storage(settings: Settings) -> Storage:
    factory = BACKENDS.get(settings.storage_backend)
    if factory is None:
        raise UnknownBackend(settings.storage_backend)
    return factory(settings)
