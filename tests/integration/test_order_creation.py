"""Order creation through real HTTP (SPEC §2): idempotent per caller and orderId, and the README's curl body."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from _support.orders import new_order_id, readme_order
from integration.deviations import burst
from integration.identity_support import Person
from integration.orders_support import all_order_ids

pytestmark = pytest.mark.integration


def test_a_repeated_create_replays_the_first_response_and_places_one_order(
    orders_api: httpx.Client, alice: Person
) -> None:
    order = readme_order(new_order_id())

    first = orders_api.post("/orders", json=order, headers=alice.auth)
    again = orders_api.post("/orders", json=order, headers=alice.auth)

    assert first.status_code == again.status_code == 200
    assert "Idempotent-Replayed" not in first.headers
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    assert all_order_ids(orders_api, alice).count(order["orderId"]) == 1


RACERS = burst(64)
# Each racer needs an execution environment of its own, so a burst is as many cold starts at once: a second or two on
# AWS, far longer on an emulator that unpacks the 55 MB artifact for each one on this machine's two cores.
BURST_TIMEOUT_SECONDS = 300.0


def test_a_burst_of_64_identical_creates_places_exactly_one_order_and_no_5xx(
    orders_api: httpx.Client, alice: Person
) -> None:
    """64 at once, or as many as the engine under a deployed stack can run at once (deviations.BURST_CAPACITY)."""
    order = readme_order(new_order_id())
    start = threading.Barrier(RACERS)

    def race(_: int) -> httpx.Response:
        start.wait()
        return orders_api.post("/orders", json=order, headers=alice.auth, timeout=BURST_TIMEOUT_SECONDS)

    with ThreadPoolExecutor(max_workers=RACERS) as pool:
        responses = list(pool.map(race, range(RACERS)))

    # Each one either placed the order, replayed its response, or met it still in flight (409).
    assert sorted({r.status_code for r in responses}) <= [200, 409], [r.status_code for r in responses]
    placed = [r for r in responses if r.status_code == 200 and "Idempotent-Replayed" not in r.headers]
    assert len(placed) == 1
    assert all(r.content == placed[0].content for r in responses if r.status_code == 200)
    assert all(r.json()["code"] for r in responses if r.status_code == 409)
    assert all_order_ids(orders_api, alice).count(order["orderId"]) == 1


def test_the_same_order_id_with_a_different_body_is_422(
    orders_api: httpx.Client, alice: Person, placed: dict[str, Any]
) -> None:
    changed = {**readme_order(placed["orderId"]), "totalAmount": 5}

    response = orders_api.post("/orders", json=changed, headers=alice.auth)

    assert response.status_code == 422
    assert response.json()["code"] == "OrderIdReused"
    assert orders_api.get(f"/orders/{placed['orderId']}", headers=alice.auth).json() == placed


def test_two_users_may_place_orders_with_the_same_order_id(
    orders_api: httpx.Client, bob: Person, placed: dict[str, Any]
) -> None:
    response = orders_api.post("/orders", json=readme_order(placed["orderId"]), headers=bob.auth)

    assert response.status_code == 200, response.text
    assert "Idempotent-Replayed" not in response.headers
    assert response.json()["userId"] == bob.sub


def test_the_readmes_json_under_curls_form_content_type_creates_an_order(
    orders_api: httpx.Client, alice: Person
) -> None:
    headers = {**alice.auth, "Content-Type": "application/x-www-form-urlencoded"}
    body = json.dumps(readme_order(new_order_id()), separators=(",", ":"))

    response = orders_api.post("/orders", content=body, headers=headers)

    assert response.status_code == 200, response.text
    assert response.json()["status"] == "PLACED"
