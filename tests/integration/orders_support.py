"""Orders as the README sends them, and reading them back exactly."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import httpx

from integration.identity_support import Person

SALAD = {"id": 3, "name": "Salad", "price": 0, "quantity": 1}


def exact(response: httpx.Response) -> Any:
    """The body with every JSON number as a Decimal, so that 19.97 is checked as 19.97 and not as a float."""
    return json.loads(response.content, parse_float=Decimal)


def assert_status_changed(changed: dict[str, Any], before: dict[str, Any], status: str) -> None:
    """A status change leaves the order as it was but for its status and statusTime, which the change sets to its
    own clock, so it may be a second past orderTime: compared as a timestamp, never for equality."""
    unchanged = {key: value for key, value in before.items() if key != "statusTime"}
    assert {key: value for key, value in changed.items() if key != "statusTime"} == {**unchanged, "status": status}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", changed["statusTime"])
    assert changed["statusTime"] >= before["orderTime"]


def all_order_ids(orders_api: httpx.Client, person: Person) -> list[str]:
    ids: list[str] = []
    params: dict[str, str] = {"limit": "100"}
    while True:
        response = orders_api.get("/orders", params=params, headers=person.auth)
        assert response.status_code == 200, response.text
        page = response.json()
        ids.extend(order["orderId"] for order in page["orders"])
        if "nextToken" not in page:
            return ids
        params["nextToken"] = page["nextToken"]
