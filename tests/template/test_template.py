"""template.yaml is the single source of truth: what it declares must exist in the code, and what the code
needs must be declared there."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest

from foodorder import bootstrap
from foodorder.bootstrap import Container
from foodorder.config import Settings
from foodorder.local.template import load_template
from support import lambda_context, rest_event, template_tables

RESOURCES: dict[str, Any] = load_template()["Resources"]
FUNCTIONS = {name: r["Properties"] for name, r in RESOURCES.items() if r["Type"] == "AWS::Serverless::Function"}
ROUTES = [
    (name, event["Properties"])
    for name, props in FUNCTIONS.items()
    for event in props.get("Events", {}).values()
    if event["Type"] == "Api"
]
ORDER_FUNCTIONS = [
    name for name, props in FUNCTIONS.items() if props["Handler"].startswith("foodorder.handlers.orders")
]
WRITE_ACTIONS = {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"}


def handler_of(function: str) -> Any:
    module, _, attribute = FUNCTIONS[function]["Handler"].rpartition(".")
    return getattr(importlib.import_module(module), attribute)


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_every_function_handler_is_importable_and_callable(function: str) -> None:
    assert callable(handler_of(function))


@pytest.mark.parametrize(("function", "route"), [(f, r) for f, r in ROUTES if f in ORDER_FUNCTIONS])
def test_every_orders_route_in_the_template_reaches_a_route_of_its_handler(
    function: str, route: dict[str, Any], tmp_path: Path
) -> None:
    bootstrap.use(Container(Settings(sqlite_path=str(tmp_path / "db.sqlite"))))
    try:
        path = route["Path"].replace("{orderId}", "probe")
        params = {"orderId": "probe"} if "{orderId}" in route["Path"] else None
        event = rest_event(route["Method"].upper(), path, route["Path"], body="{}", claims={"sub": "u"},
                           path_parameters=params)  # fmt: skip
        response = handler_of(function)(event, lambda_context())
    finally:
        bootstrap.use(None)
    # Powertools answers an unmatched route with 404 {"statusCode":404,"message":"Not found"}; ours never do.
    assert "Not found" not in response["body"]
    assert response["statusCode"] in (200, 400, 404)


def test_orders_and_idempotency_tables_have_the_keys_the_adapters_use() -> None:
    tables = template_tables()
    assert tables["OrdersTable"]["KeySchema"] == [
        {"AttributeName": "userId", "KeyType": "HASH"},
        {"AttributeName": "orderId", "KeyType": "RANGE"},
    ]
    assert tables["IdempotencyTable"]["KeySchema"] == [{"AttributeName": "id", "KeyType": "HASH"}]
    assert tables["IdempotencyTable"]["TimeToLiveSpecification"] == {"AttributeName": "expiration", "Enabled": True}
    assert {t["BillingMode"] for t in tables.values()} == {"PAY_PER_REQUEST"}


def test_functions_run_a_current_python_on_arm64_with_active_tracing() -> None:
    globals_ = load_template()["Globals"]["Function"]
    major, minor = globals_["Runtime"].removeprefix("python").split(".")
    assert (int(major), int(minor)) >= (3, 12)
    assert globals_["Architectures"] == ["arm64"]
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


def test_the_users_monolith_declares_exactly_the_routes_the_template_binds_to_it() -> None:
    # The one function that branches on method and resource must agree with template.yaml, route for route.
    from foodorder.handlers import users

    routes = users.app._static_routes + users.app._dynamic_routes
    declared = {(route.method, route.openapi_path) for route in routes}
    bound = {(r["Method"].upper(), r["Path"]) for f, r in ROUTES if f == "UsersFunction"}
    assert declared == bound
    assert len(bound) == 5


def test_one_operation_functions_serve_whatever_route_the_template_binds() -> None:
    for function in ORDER_FUNCTIONS:
        module = importlib.import_module(FUNCTIONS[function]["Handler"].rpartition(".")[0])
        routes = module.app._static_routes + module.app._dynamic_routes
        assert {route.path for route in routes} == {".+"}, function
