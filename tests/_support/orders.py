"""The workshop's orders, as the README's curl commands send them."""

from __future__ import annotations

import json
import uuid
from typing import Any

README_BODY = (
    '{"restaurantId":1,"orderId":"hogehoge","orderItems":[{"id":1,"name":"Spaghetti","price":9.99,"quantity":1},'
    '{"id":2,"name":"Pizza - SMALL","price":4.99,"quantity":2}],"totalAmount":19.97}'
)
EDIT_BODY = (
    '{"restaurantId":1,"orderId":"hogehoge","orderItems":[{"id":1,"name":"Spaghetti","price":9.99,"quantity":1},'
    '{"id":2,"name":"Pizza - SMALL","price":4.99,"quantity":2},{"id":3,"name":"Salad","price":2.49,"quantity":1}],'
    '"totalAmount":19.97}'
)


def body_for(order_id: str, total: str = "19.97") -> str:
    return README_BODY.replace('"hogehoge"', f'"{order_id}"').replace('"totalAmount":19.97', f'"totalAmount":{total}')


def edit_body_for(order_id: str) -> str:
    return EDIT_BODY.replace('"hogehoge"', f'"{order_id}"')


def readme_order(order_id: str) -> dict[str, Any]:
    """The README's order as a dict: 9.99 + 2 * 4.99 = 19.97, sent as JSON numbers."""
    order: dict[str, Any] = json.loads(body_for(order_id))
    return order


def new_order_id() -> str:
    """An orderId no earlier run used, so tests against a long-lived (deployed) stack never meet their own leftovers."""
    return f"it-{uuid.uuid4().hex[:16]}"
