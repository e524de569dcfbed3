"""Every storage backend of the registry, for the contracts every adapter holds: SQLite on a real file, DynamoDB
through moto with the tables built from template.yaml, and the in-memory fakes."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from _support.dynamodb import create_template_tables
from foodorder.adapters.registry import BACKENDS, Storage, open_storage
from foodorder.config import Settings


@pytest.fixture(params=sorted(BACKENDS))
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Storage]:
    with contextlib.ExitStack() as stack:
        if request.param == "dynamodb":
            stack.enter_context(mock_aws())
            create_template_tables(boto3.client("dynamodb"))
        settings = Settings(
            storage_backend=request.param,
            sqlite_path=str(tmp_path / "foodorder.db"),
            orders_table="OrdersTable",
            users_table="UsersTable",
            idempotency_table="IdempotencyTable",
        )
        opened = open_storage(settings)
        yield opened
        opened.close()
