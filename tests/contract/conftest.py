"""Every storage backend of the registry, for the contracts every adapter holds: SQLite on a real file, DynamoDB
with the tables built from template.yaml (through moto, or on the engine FOODORDER_DYNAMODB_ENGINE names), and the
in-memory fakes."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from _support.dynamodb import dynamodb_tables, template_tables
from foodorder.adapters.registry import BACKENDS, Storage, open_storage
from foodorder.config import Settings


@pytest.fixture(params=sorted(BACKENDS))
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Storage]:
    with contextlib.ExitStack() as stack:
        tables = {logical_id: logical_id for logical_id in template_tables()}
        if request.param == "dynamodb":
            tables = stack.enter_context(dynamodb_tables())
        settings = Settings(
            storage_backend=request.param,
            sqlite_path=str(tmp_path / "foodorder.db"),
            orders_table=tables["OrdersTable"],
            users_table=tables["UsersTable"],
            idempotency_table=tables["IdempotencyTable"],
        )
        opened = open_storage(settings)
        yield opened
        opened.close()
