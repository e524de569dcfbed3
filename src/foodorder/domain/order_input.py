"""Reading a client's order: the body of a create or an edit, and the orderId of a path."""

from __future__ import annotations

import re

from foodorder.domain.errors import FieldError, ValidationFailed
from foodorder.domain.orders import OrderDraft, OrderItem
from foodorder.domain.validation import Reader, require_object

ORDER_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
MAX_ITEMS = 100
MAX_ITEM_NAME_LENGTH = 200
MAX_QUANTITY = 1000

# A client may send these (the workshop's clients do); the server owns them and ignores what is sent.
SERVER_OWNED_FIELDS = frozenset({"userId", "status", "orderTime", "statusTime"})
ORDER_FIELDS = frozenset({"orderId", "restaurantId", "orderItems", "totalAmount"})
ITEM_FIELDS = frozenset({"id", "name", "price", "quantity"})


def check_order_id(order_id: str) -> str:
    """Path parameters obey the same rule as body fields; a bad one can name no stored order."""
    if not ORDER_ID_PATTERN.fullmatch(order_id):
        raise ValidationFailed([FieldError("orderId", f"must match {ORDER_ID_PATTERN.pattern}")])
    return order_id


def parse_order_draft(body: object, path_order_id: str | None = None) -> OrderDraft:
    """Reads a create (no path id) or edit (path id) body; raises ValidationFailed naming every bad field."""
    reader = Reader(require_object(body))
    reader.reject_unknown(ORDER_FIELDS | SERVER_OWNED_FIELDS)
    if path_order_id is not None and reader.data.get("orderId") is None:
        order_id: str | None = path_order_id
    else:
        order_id = reader.string("orderId", max_length=64, pattern=ORDER_ID_PATTERN)
    if path_order_id is not None and order_id is not None and order_id != path_order_id:
        reader.fail("orderId", "must equal the orderId in the path")
    restaurant_id = reader.integer("restaurantId", minimum=1)
    items = _read_items(reader)
    total = reader.money("totalAmount")
    reader.raise_if_invalid()
    # raise_if_invalid() guarantees every field was read; the asserts tell the type checker so.
    assert order_id is not None
    assert restaurant_id is not None
    assert items is not None
    assert total is not None
    return OrderDraft(order_id=order_id, restaurant_id=restaurant_id, items=items, total_amount=total)


def _read_items(reader: Reader) -> tuple[OrderItem, ...] | None:
    raw_items = reader.array("orderItems", min_items=1, max_items=MAX_ITEMS)
    if raw_items is None:
        return None
    items: list[OrderItem] = []
    for index, raw in enumerate(raw_items):
        path = reader.path(f"orderItems[{index}]")
        if not isinstance(raw, dict):
            reader.errors.append(FieldError(path, "must be a JSON object"))
            continue
        item = Reader(raw, prefix=path, errors=reader.errors)
        item.reject_unknown(ITEM_FIELDS)
        item_id = item.integer("id")
        name = item.string("name", max_length=MAX_ITEM_NAME_LENGTH)
        price = item.money("price")
        quantity = item.integer("quantity", minimum=1, maximum=MAX_QUANTITY)
        if item_id is not None and name is not None and price is not None and quantity is not None:
            items.append(OrderItem(id=item_id, name=name, price=price, quantity=quantity))
    return tuple(items) if len(items) == len(raw_items) else None
