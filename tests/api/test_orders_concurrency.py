"""Any number of concurrent identical creates make exactly one order (SPEC.md §2), on the SQLite backend that
the local stack uses: 16 racers on one file, as threads of one environment and as separate processes."""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from api.orders_client import README_BODY, OrdersClient, create_in_process
from conftest import sqlite_settings
from foodorder import bootstrap
from foodorder.bootstrap import Container
from support import MutableClock, response_header, response_json

RACERS = 16


def test_sixteen_concurrent_identical_creates_leave_exactly_one_order_and_no_5xx(tmp_path: Path) -> None:
    bootstrap.use(Container(sqlite_settings(tmp_path), clock=MutableClock()))
    try:
        start = threading.Barrier(RACERS)
        client = OrdersClient("alice-sub")

        def race(_: int) -> tuple[int, str | None]:
            start.wait()
            response = client.create(README_BODY)
            return response["statusCode"], response_header(response, "Idempotent-Replayed")

        with ThreadPoolExecutor(RACERS) as pool:
            outcomes = list(pool.map(race, range(RACERS)))
        orders = response_json(client.list())["orders"]
    finally:
        bootstrap.use(None)

    statuses = [status for status, _ in outcomes]
    assert len(orders) == 1
    assert all(status in (200, 409) for status in statuses), statuses
    # Exactly one request placed the order; every other 200 is a replay of it.
    assert [replayed for status, replayed in outcomes if status == 200].count(None) == 1


def test_sixteen_processes_creating_the_same_order_leave_exactly_one_and_no_5xx(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(RACERS)
    results = context.Queue()
    path = str(tmp_path / "foodorder.db")
    racers = [context.Process(target=create_in_process, args=(path, start, results)) for _ in range(RACERS)]
    for racer in racers:
        racer.start()
    outcomes = [results.get(timeout=120) for _ in racers]
    for racer in racers:
        racer.join(timeout=30)

    bootstrap.use(Container(sqlite_settings(tmp_path)))
    try:
        orders = response_json(OrdersClient("alice-sub").list())["orders"]
    finally:
        bootstrap.use(None)
    assert len(orders) == 1
    assert all(status in (200, 409) for status, _ in outcomes), outcomes
    assert [replayed for status, replayed in outcomes if status == 200].count(False) == 1
