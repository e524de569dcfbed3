"""What create-order writes to its log stream: structured logs and CloudWatch embedded-format metrics."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from api.orders_client import README_BODY, OrdersClient
from foodorder.handlers.orders import cancel, create
from foodorder.observability import logger
from support import lambda_context, rest_event

pytestmark = pytest.mark.usefixtures("container")


def json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    """The JSON lines the Powertools logger writes, whatever pytest does with stdout."""
    stream = io.StringIO()
    handler = logger.registered_handler
    assert isinstance(handler, logging.StreamHandler)
    previous = handler.setStream(stream)
    yield stream
    if previous is not None:
        handler.setStream(previous)


def test_create_logs_the_new_order_with_lambda_context_and_request_id(log_stream: io.StringIO) -> None:
    event = rest_event("POST", "/orders", "/orders", body=README_BODY, claims={"sub": "alice-sub"})
    response = create.handler(event, lambda_context())
    logs = [line for line in json_lines(log_stream.getvalue()) if line.get("message") == "Adding a new order"]
    assert response["statusCode"] == 200
    assert len(logs) == 1
    log = logs[0]
    assert log["order"]["orderId"] == "hogehoge"
    assert log["function_name"] == "test-function"
    assert log["cold_start"] in (True, False)
    assert log["correlation_id"] == event["requestContext"]["requestId"]


def test_create_emits_successful_order_and_order_total_in_the_configured_namespace(
    capsys: pytest.CaptureFixture[str],
) -> None:
    OrdersClient("alice-sub").create(README_BODY)
    emf = [line for line in json_lines(capsys.readouterr().out) if "_aws" in line]
    assert len(emf) == 1
    directive = emf[0]["_aws"]["CloudWatchMetrics"][0]
    assert directive["Namespace"] == "FoodOrder"
    assert {m["Name"]: m["Unit"] for m in directive["Metrics"]} == {"SuccessfulOrder": "Count", "OrderTotal": "Count"}
    assert emf[0]["SuccessfulOrder"] == [1.0]
    assert emf[0]["OrderTotal"] == [19.97]


def test_a_replay_emits_no_second_metric(capsys: pytest.CaptureFixture[str]) -> None:
    client = OrdersClient("alice-sub")
    client.create(README_BODY)
    capsys.readouterr()
    client.create(README_BODY)
    assert [line for line in json_lines(capsys.readouterr().out) if "_aws" in line] == []


def test_every_function_logs_each_request_it_refuses_under_its_correlation_id(log_stream: io.StringIO) -> None:
    event = rest_event(
        "DELETE", "/orders/nope", "/orders/{orderId}", claims={"sub": "alice-sub"}, path_parameters={"orderId": "nope"}
    )
    assert cancel.handler(event, lambda_context())["statusCode"] == 404
    handled = [line for line in json_lines(log_stream.getvalue()) if line.get("message") == "Request handled"]
    assert [(line["status"], line["correlation_id"]) for line in handled] == [
        (404, event["requestContext"]["requestId"])
    ]
    assert handled[0]["function_name"] == "test-function"
