"""Where a list page's time goes, per order on the page: each step of GET /orders timed in this process on pages of
10 and of 50 orders, the difference divided by the 40 orders between them.

The steps are the product's own (SQLite read and rebuild of the orders, the documents, the JSON body) and the
proxy response's JSON, which the execution environment writes and the gateway reads. Each figure is the median of
several rounds of many calls.

Run: `make bench`, or `.venv/bin/python benchmarks/list_page.py`."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from foodorder import codec
from foodorder.bootstrap import Container
from foodorder.config import Settings
from foodorder.domain.ports import OrdersRepository
from harness import median_micros
from scenario import add_orders

SMALL, LARGE = 10, 50
CALLS, ROUNDS = 200, 7


def _micros(action: Callable[[], Any]) -> float:
    return median_micros(action, CALLS, ROUNDS)


def _steps(orders: OrdersRepository, user_id: str) -> dict[str, float]:
    page = orders.list(user_id, LARGE, None)
    documents = {"orders": [order.to_document() for order in page.items]}
    body = codec.dumps(documents)
    result = {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": body}
    return {
        "storage read and rebuild": _micros(lambda: orders.list(user_id, LARGE, None)),
        "to_document": _micros(lambda: [order.to_document() for order in page.items]),
        "JSON body (codec.dumps)": _micros(lambda: codec.dumps(documents)),
        "proxy response JSON, written and read": _micros(lambda: json.loads(json.dumps(result))),
    }


def measure() -> dict[str, float]:
    """Microseconds each step costs per order on the page."""
    with tempfile.TemporaryDirectory(prefix="foodorder-list-") as tmp:
        add_orders(Path(tmp), "small", SMALL)
        add_orders(Path(tmp), "large", LARGE)
        container = Container(Settings(storage_backend="sqlite", sqlite_path=str(Path(tmp) / "foodorder.db")))
        try:
            small, large = _steps(container.orders, "small"), _steps(container.orders, "large")
        finally:
            container.close()
    return {step: (large[step] - small[step]) / (LARGE - SMALL) for step in large}


if __name__ == "__main__":
    for step, micros in measure().items():
        print(f"{step:40} {micros:6.2f} us per order")
