"""DynamoDB tables built from template.yaml's own key schemas: through moto, or on the engine that
FOODORDER_DYNAMODB_ENGINE names (`make test-deployed`: MiniStack), reached where boto3 finds it (AWS_ENDPOINT_URL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
from moto import mock_aws

from _support.paths import TEMPLATE
from samlocal.template.loader import load_template

ENGINE_VARIABLE = "FOODORDER_DYNAMODB_ENGINE"
# The reason the tests that race conditional writes skip the DynamoDB adapter under moto.
MOTO_IS_NOT_ATOMIC = (
    "moto does not make conditional writes atomic across threads; make test-deployed runs this against MiniStack"
)


def template_tables() -> dict[str, dict[str, Any]]:
    """Every AWS::DynamoDB::Table in template.yaml by logical id."""
    resources = load_template(TEMPLATE)["Resources"]
    return {name: r["Properties"] for name, r in resources.items() if r["Type"] == "AWS::DynamoDB::Table"}


def create_template_tables(client: Any, prefix: str = "") -> dict[str, str]:
    """Creates the template's tables (named by logical id, after `prefix`) with the template's key schemas; returns
    the name of each by logical id."""
    tables = template_tables()
    names = {logical_id: f"{prefix}{logical_id}" for logical_id in tables}
    for logical_id, props in tables.items():
        client.create_table(
            TableName=names[logical_id],
            KeySchema=props["KeySchema"],
            AttributeDefinitions=props["AttributeDefinitions"],
            BillingMode=props["BillingMode"],
        )
    return names


def on_a_real_engine() -> bool:
    return bool(os.environ.get(ENGINE_VARIABLE))


@contextmanager
def dynamodb_tables() -> Iterator[dict[str, str]]:
    """The template's tables for one test: in moto, or on the named engine under names of their own, deleted after."""
    if not on_a_real_engine():
        with mock_aws():
            yield create_template_tables(boto3.client("dynamodb"))
        return
    client = boto3.client("dynamodb")
    names = create_template_tables(client, prefix=f"contract-{uuid.uuid4().hex[:12]}-")
    try:
        for name in names.values():
            client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1})
        yield names
    finally:
        for name in names.values():
            client.delete_table(TableName=name)
