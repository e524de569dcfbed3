"""Fixtures every suite may use: the template's Powertools environment, and a container per storage backend."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from foodorder import bootstrap
from foodorder.bootstrap import Container
from foodorder.config import Settings
from support import MutableClock, create_template_tables, template_function_globals

BACKENDS = ["sqlite", "dynamodb"]


def pytest_configure(config: pytest.Config) -> None:
    """The environment a function has on Lambda, set before any handler module is imported: Powertools reads
    POWERTOOLS_* when the module-level Logger and Metrics are built. The credentials are moto's; no test may
    reach a real AWS account."""
    for name, value in template_function_globals().items():
        if name != "STORAGE_BACKEND":
            os.environ[name] = value
    os.environ["POWERTOOLS_SERVICE_NAME"] = "tests"
    os.environ["AWS_DEFAULT_REGION"] = "us-east-1"
    os.environ["AWS_ACCESS_KEY_ID"] = "testing"
    os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"
    os.environ.pop("AWS_PROFILE", None)


@pytest.fixture
def clock() -> MutableClock:
    return MutableClock()


def sqlite_settings(tmp_path: Path) -> Settings:
    return Settings(storage_backend="sqlite", sqlite_path=str(tmp_path / "foodorder.db"))


@pytest.fixture(params=BACKENDS)
def container(request: pytest.FixtureRequest, tmp_path: Path, clock: MutableClock) -> Iterator[Container]:
    """A container on a real SQLite file, or on DynamoDB (moto) with tables built from template.yaml,
    installed in the composition root for the handlers to use."""
    if request.param == "sqlite":
        installed = Container(sqlite_settings(tmp_path), clock=clock)
        bootstrap.use(installed)
        yield installed
    else:
        with mock_aws():
            tables = create_template_tables(boto3.client("dynamodb"))
            settings = Settings(
                storage_backend="dynamodb",
                orders_table=tables["OrdersTable"],
                idempotency_table=tables["IdempotencyTable"],
                users_table=tables["UsersTable"],
            )
            installed = Container(settings, clock=clock)
            bootstrap.use(installed)
            yield installed
    bootstrap.use(None)
