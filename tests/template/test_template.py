"""template.yaml is the single source of truth: what it declares must exist in the code, and what the code
needs must be declared there."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from _support.dynamodb import template_tables
from _support.paths import TEMPLATE
from samlocal.template.loader import load_template

RESOURCES: dict[str, Any] = load_template(TEMPLATE)["Resources"]
FUNCTIONS = {name: r["Properties"] for name, r in RESOURCES.items() if r["Type"] == "AWS::Serverless::Function"}
ROUTES = [
    (name, event["Properties"])
    for name, props in FUNCTIONS.items()
    for event in props.get("Events", {}).values()
    if event["Type"] == "Api"
]
WRITE_ACTIONS = {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"}


def handler_of(function: str) -> Any:
    module, _, attribute = FUNCTIONS[function]["Handler"].rpartition(".")
    return getattr(importlib.import_module(module), attribute)


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_every_function_handler_is_importable_and_callable(function: str) -> None:
    assert callable(handler_of(function))


def test_orders_and_idempotency_tables_have_the_keys_the_adapters_use() -> None:
    tables = template_tables()
    assert tables["OrdersTable"]["KeySchema"] == [
        {"AttributeName": "userId", "KeyType": "HASH"},
        {"AttributeName": "orderId", "KeyType": "RANGE"},
    ]
    assert tables["IdempotencyTable"]["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert tables["IdempotencyTable"]["TimeToLiveSpecification"] == {"AttributeName": "expiration", "Enabled": True}
    assert {t["BillingMode"] for t in tables.values()} == {"PAY_PER_REQUEST"}


def test_functions_run_a_current_python_on_the_architecture_parameter_arm64_by_default_with_active_tracing() -> None:
    template = load_template(TEMPLATE)
    globals_ = template["Globals"]["Function"]
    major, minor = globals_["Runtime"].removeprefix("python").split(".")
    assert (int(major), int(minor)) >= (3, 12)
    assert globals_["Architectures"] == [{"Ref": "Architecture"}]
    assert template["Parameters"]["Architecture"]["Default"] == "arm64"
    assert template["Parameters"]["Architecture"]["AllowedValues"] == ["arm64", "x86_64"]
    assert globals_["Tracing"] == "Active"
    assert globals_["Environment"]["Variables"]["POWERTOOLS_METRICS_NAMESPACE"]


def statements(function: str) -> list[dict[str, Any]]:
    return [s for policy in FUNCTIONS[function].get("Policies", []) for s in policy.get("Statement", [])]


@pytest.mark.parametrize("function", ["GetOrderFunction", "ListOrdersFunction"])
def test_read_only_order_functions_may_not_write(function: str) -> None:
    actions = {action for statement in statements(function) for action in statement["Action"]}
    assert actions
    assert not actions & WRITE_ACTIONS


def test_only_create_order_may_touch_the_idempotency_table() -> None:
    touching = [
        f for f in FUNCTIONS if any(s["Resource"] == {"Fn::GetAtt": ["IdempotencyTable", "Arn"]} for s in statements(f))
    ]
    assert touching == ["CreateOrderFunction"]
    assert "IDEMPOTENCY_TABLE" in FUNCTIONS["CreateOrderFunction"]["Environment"]["Variables"]
