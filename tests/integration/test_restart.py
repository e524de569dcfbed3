"""Restarts of the local stack on the same state directory keep what a user built up (SPEC §4)."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from integration.identity_support import People
from integration.stack_support import LocalStack, local_cognito, port_of

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("local_stack")]

ORDER = {
    "restaurantId": 1,
    "orderId": "survives-restart",
    "orderItems": [{"id": 1, "name": "Spaghetti", "price": 9.99, "quantity": 1}],
    "totalAmount": 9.99,
}


Launch = Callable[[int], LocalStack]


@pytest.fixture
def launch(tmp_path: Path) -> Iterator[Launch]:
    """Stacks on one state directory of their own, on a given port; any still running afterwards are killed."""
    launched: list[LocalStack] = []

    def on_port(port: int) -> LocalStack:
        launched.append(LocalStack(tmp_path / "state", port=port))
        return launched[-1]

    yield on_port
    for stack in launched:
        stack.kill()


def test_a_restart_on_the_same_state_dir_keeps_users_orders_and_the_signing_key(launch: Launch) -> None:
    # Given a stack where a user signed in, registered a profile and placed an order
    first = launch(0)
    outputs = first.start()
    carol = People(local_cognito(outputs), outputs).create("carol")
    with httpx.Client(timeout=60) as http:
        profile = http.put(f"{outputs['APIEndpoint']}/users/{carol.sub}", json={"name": "Carol"}, headers=carol.auth)
        order = http.post(f"{outputs['OrdersServiceEndpoint']}/orders", json=ORDER, headers=carol.auth)
    assert (profile.status_code, order.status_code) == (200, 200)

    # When the stack stops and starts again on the same port (the issuer contains it)
    assert first.stop() > 0
    second = launch(port_of(outputs))
    outputs_again = second.start()

    # Then the pool, the user, the profile, the order and the key that signed the old ID token are all still there
    assert outputs_again == outputs
    with httpx.Client(timeout=60) as http:
        profile_again = http.get(f"{outputs['APIEndpoint']}/users/{carol.sub}", headers=carol.auth)
        order_again = http.get(f"{outputs['OrdersServiceEndpoint']}/orders/survives-restart", headers=carol.auth)
    assert profile_again.json() == profile.json()
    assert order_again.json() == order.json()
    assert People(local_cognito(outputs), outputs).sign_in(carol.email).sub == carol.sub
    second.stop()


CREATORS = 8
ORDER_TIMEOUT_SECONDS = 10  # template.yaml's Globals Timeout: how long an in-flight create's record stays in progress


def test_a_stack_killed_mid_create_load_restarts_with_every_answered_order_and_retries_complete(
    launch: Launch,
) -> None:
    # Given a stack taking creates from several clients at once
    first = launch(0)
    outputs = first.start()
    dave = People(local_cognito(outputs), outputs).create("dave")
    orders = f"{outputs['OrdersServiceEndpoint']}/orders"
    answered: dict[str, dict[str, object]] = {}
    in_flight: list[dict[str, object]] = []
    stop = threading.Event()

    def create(worker: int) -> None:
        with httpx.Client(timeout=30) as http:
            for index in range(10_000):
                if stop.is_set():
                    return
                order = {**ORDER, "orderId": f"kill-{worker}-{index}"}
                try:
                    response = http.post(orders, json=order, headers=dave.auth)
                except httpx.TransportError:
                    in_flight.append(order)  # the stack died while this one was being answered
                    return
                assert response.status_code == 200, response.text
                answered[str(order["orderId"])] = response.json()

    # When its whole process group is killed in the middle of it
    with ThreadPoolExecutor(CREATORS) as pool:
        creators = [pool.submit(create, worker) for worker in range(CREATORS)]
        deadline = time.monotonic() + 30
        while len(answered) < 40 and time.monotonic() < deadline:
            time.sleep(0.02)
        first.kill()
        stop.set()
        for creator in creators:
            creator.result()
    assert len(answered) >= 40

    # Then, restarted on the same state directory and port, every answered order is there unchanged
    second = launch(port_of(outputs))
    assert second.start() == outputs
    database = first.state_dir / "foodorder.db"
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with httpx.Client(timeout=30) as http:
        # the ID token issued before the kill still verifies
        listed = {order["orderId"]: order for order in _all_orders(http, orders, dave.auth)}
        assert {order_id: listed.get(order_id) for order_id in answered} == answered
        # and a retry of each request that was in flight completes: placed now, or the order it had placed
        for order in in_flight:
            response = _retry_until_not_in_progress(http, orders, order, dave.auth)
            assert response.status_code == 200, response.text
            assert response.json()["orderId"] == order["orderId"]
    second.stop()


def _all_orders(http: httpx.Client, orders: str, auth: dict[str, str]) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    params: dict[str, str] = {"limit": "100"}
    while True:
        page = http.get(orders, params=params, headers=auth)
        assert page.status_code == 200, page.text
        found += page.json()["orders"]
        if "nextToken" not in page.json():
            return found
        params["nextToken"] = page.json()["nextToken"]


def _retry_until_not_in_progress(
    http: httpx.Client, orders: str, order: dict[str, object], auth: dict[str, str]
) -> httpx.Response:
    """A create the kill interrupted after its idempotency record was written is 409 (in progress) until the
    record's in-progress expiry, the function's Timeout, as with Powertools on Lambda; then it runs again."""
    deadline = time.monotonic() + ORDER_TIMEOUT_SECONDS + 5
    while True:
        response = http.post(orders, json=order, headers=auth)
        if response.status_code != 409 or time.monotonic() > deadline:
            return response
        time.sleep(0.25)
