"""What create-order writes to its log stream through the gateway: structured logs with the Lambda context and the
API Gateway request id as correlation id, and CloudWatch embedded-format metrics in the template's namespace."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from _support.gateway import LocalApi
from _support.orders import README_BODY
from foodorder.log import logger

ALICE = "aaaaaaaa-0000-4000-8000-000000000001"


def json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    """The JSON lines the functions' Powertools logger writes (its handler keeps the stream it was built with)."""
    stream = io.StringIO()
    handler = logger.registered_handler
    assert isinstance(handler, logging.StreamHandler)
    previous = handler.setStream(stream)
    yield stream
    if previous is not None:
        handler.setStream(previous)


def test_create_logs_the_new_order_with_lambda_context_and_request_id(api: LocalApi, log_stream: io.StringIO) -> None:
    response = api.call("OrdersApi", "POST", "/orders", token=api.id_token(ALICE), body=README_BODY)

    logs = [line for line in json_lines(log_stream.getvalue()) if line.get("message") == "Adding a new order"]
    assert response.status == 200
    assert len(logs) == 1
    log = logs[0]
    assert log["order"]["orderId"] == "hogehoge"
    assert log["function_name"] == "CreateOrderFunction"
    assert log["cold_start"] in (True, False)
    assert log["correlation_id"] == response.header("x-amzn-RequestId")


def test_create_emits_successful_order_and_order_total_in_the_configured_namespace(
    api: LocalApi, capfd: pytest.CaptureFixture[str]
) -> None:
    api.call("OrdersApi", "POST", "/orders", token=api.id_token(ALICE), body=README_BODY)

    emf = [line for line in json_lines(capfd.readouterr().out) if "_aws" in line]
    assert len(emf) == 1
    directive = emf[0]["_aws"]["CloudWatchMetrics"][0]
    assert directive["Namespace"] == "FoodOrder"
    assert {m["Name"]: m["Unit"] for m in directive["Metrics"]} == {"SuccessfulOrder": "Count", "OrderTotal": "Count"}
    assert emf[0]["SuccessfulOrder"] == [1.0]
    assert emf[0]["OrderTotal"] == [19.97]


def test_a_replay_emits_no_second_metric(api: LocalApi, capfd: pytest.CaptureFixture[str]) -> None:
    token = api.id_token(ALICE)
    api.call("OrdersApi", "POST", "/orders", token=token, body=README_BODY)
    capfd.readouterr()

    api.call("OrdersApi", "POST", "/orders", token=token, body=README_BODY)

    assert [line for line in json_lines(capfd.readouterr().out) if "_aws" in line] == []


def test_every_function_logs_each_request_it_refuses_under_its_correlation_id(
    api: LocalApi, log_stream: io.StringIO
) -> None:
    response = api.call("OrdersApi", "DELETE", "/orders/nope", token=api.id_token(ALICE))

    assert response.status == 404
    handled = [line for line in json_lines(log_stream.getvalue()) if line.get("message") == "Request handled"]
    assert [(line["status"], line["correlation_id"]) for line in handled] == [
        (404, response.header("x-amzn-RequestId"))
    ]
    assert handled[0]["function_name"] == "CancelOrderFunction"
