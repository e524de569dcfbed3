"""Any number of concurrent identical creates make exactly one order (SPEC.md §2): 16 racers through the gateway,
on the SQLite file the local stack uses. (Racers in separate processes: tests/integration, against the served
stack's execution environments.)"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from _support.gateway import Answer, LocalApi
from _support.orders import README_BODY

RACERS = 16
ALICE = "aaaaaaaa-0000-4000-8000-000000000001"


def test_sixteen_concurrent_identical_creates_leave_exactly_one_order_and_no_5xx(api: LocalApi) -> None:
    token = api.id_token(ALICE)
    start = threading.Barrier(RACERS)

    def race(_: int) -> Answer:
        start.wait()
        return api.call("OrdersApi", "POST", "/orders", token=token, body=README_BODY)

    with ThreadPoolExecutor(RACERS) as pool:
        outcomes = list(pool.map(race, range(RACERS)))
    orders = api.call("OrdersApi", "GET", "/orders", token=token).json()["orders"]

    assert len(orders) == 1
    assert all(answer.status in (200, 409) for answer in outcomes), [answer.status for answer in outcomes]
    # Exactly one request placed the order; every other 200 is a replay of it.
    placed = [answer for answer in outcomes if answer.status == 200 and answer.header("Idempotent-Replayed") is None]
    assert len(placed) == 1
