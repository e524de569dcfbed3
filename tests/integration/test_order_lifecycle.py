"""The workshop's module 5 scenarios against the stack under test (local, or deployed): a customer reads their order;
the restaurant publishes order.updated to RestaurantBusName, and the customer's polling sees the new status. Then
the README's `aws events put-events` with the repository's example entries file, against the local endpoint."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from _support.paths import ROOT
from integration.identity_support import Person
from integration.stack_support import LocalStack, Stack

pytestmark = pytest.mark.integration

EXAMPLE_ENTRIES = ROOT / "events" / "order-updated.json"
POLL_TIMEOUT_SECONDS = 60.0


def publish(stack: Stack, order: dict[str, Any], status: str) -> dict[str, Any]:
    detail = {"data": {"orderId": order["orderId"], "userId": order["userId"], "status": status}}
    entry = {
        "EventBusName": stack.outputs["RestaurantBusName"],
        "Source": "restaurant",
        "DetailType": "order.updated",
        "Detail": json.dumps(detail),
    }
    answer: dict[str, Any] = stack.events.put_events(Entries=[entry])
    assert answer["FailedEntryCount"] == 0, answer
    return answer


def poll_until(orders_api: httpx.Client, person: Person, order_id: str, status: str) -> dict[str, Any]:
    """What the workshop's client does: GET /orders/{orderId} until the status it waits for appears."""
    deadline = time.monotonic() + POLL_TIMEOUT_SECONDS
    while True:
        response = orders_api.get(f"/orders/{order_id}", headers=person.auth)
        assert response.status_code == 200, response.text
        order: dict[str, Any] = response.json()
        if order["status"] == status:
            return order
        assert time.monotonic() < deadline, f"still {order['status']}, never {status}"
        time.sleep(0.2)


def test_order_status_a_customer_reads_their_order_and_when_its_status_changed(
    orders_api: httpx.Client, alice: Person, placed: dict[str, Any]
) -> None:
    response = orders_api.get(f"/orders/{placed['orderId']}", headers=alice.auth)
    assert response.status_code == 200
    order = response.json()
    assert (order["status"], order["statusTime"]) == ("PLACED", order["orderTime"])


def test_order_update_process_the_restaurants_event_reaches_the_polling_customer(
    stack: Stack, orders_api: httpx.Client, alice: Person, placed: dict[str, Any]
) -> None:
    publish(stack, placed, "IN-PROCESS")
    order = poll_until(orders_api, alice, placed["orderId"], "IN-PROCESS")
    assert order["statusTime"] >= order["orderTime"]
    assert order["orderItems"] == placed["orderItems"]


def test_the_aws_cli_publishes_the_example_entries_file_to_the_local_bus(
    local_stack: LocalStack, stack: Stack, orders_api: httpx.Client, alice: Person, placed: dict[str, Any],
    tmp_path: Path,
) -> None:  # fmt: skip
    # The README's command: the example file with the bus and the user filled in.
    entries = EXAMPLE_ENTRIES.read_text()
    entries = (
        entries.replace("RESTAURANT_BUS_NAME", stack.outputs["RestaurantBusName"])
        .replace("USER_SUB", alice.sub)
        .replace('\\"hogehoge\\"', f'\\"{placed["orderId"]}\\"')
    )
    (tmp_path / "entries.json").write_text(entries)
    env = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    aws = Path(sys.executable).parent / "aws"
    command = [str(aws), "events", "put-events", "--endpoint-url", stack.outputs["EventsEndpoint"],
               "--entries", f"file://{tmp_path / 'entries.json'}"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["FailedEntryCount"] == 0
    poll_until(orders_api, alice, placed["orderId"], "IN-PROCESS")
