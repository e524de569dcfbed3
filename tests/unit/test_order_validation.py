"""Reading a client's order body: SPEC.md §2 limits, every bad field named, money kept exact."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from foodorder import codec
from foodorder.domain.errors import ValidationFailed
from foodorder.domain.order_input import parse_order_draft

README_ORDER: dict[str, Any] = codec.loads(
    '{"restaurantId":1,"orderId":"hogehoge","orderItems":[{"id":1,"name":"Spaghetti","price":9.99,"quantity":1},'
    '{"id":2,"name":"Pizza - SMALL","price":4.99,"quantity":2}],"totalAmount":19.97}'
)


def with_change(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    body = copy.deepcopy(README_ORDER)
    target = body
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return body


def fields_of(error: ValidationFailed) -> list[str]:
    return [e.field for e in error.errors]


def test_the_readme_order_is_read_with_exact_decimal_money() -> None:
    draft = parse_order_draft(README_ORDER)
    assert draft.order_id == "hogehoge"
    assert draft.restaurant_id == 1
    assert [item.price for item in draft.items] == [Decimal("9.99"), Decimal("4.99")]
    assert draft.total_amount == Decimal("19.97")


def test_server_owned_fields_sent_by_a_client_are_ignored() -> None:
    body = {**README_ORDER, "userId": "someone-else", "status": "CANCELED", "orderTime": "1999-01-01T00:00:00Z"}
    assert parse_order_draft(body) == parse_order_draft(README_ORDER)


def test_total_need_not_equal_the_sum_of_the_items() -> None:
    assert parse_order_draft(with_change(("totalAmount",), Decimal("5.00"))).total_amount == Decimal("5.00")


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("orderId",), "", "orderId"),
        (("orderId",), "a" * 65, "orderId"),
        (("orderId",), "has space", "orderId"),
        (("orderId",), 7, "orderId"),
        (("restaurantId",), 0, "restaurantId"),
        (("restaurantId",), "1", "restaurantId"),
        (("restaurantId",), True, "restaurantId"),
        (("restaurantId",), Decimal("1.5"), "restaurantId"),
        (("restaurantId",), 2**53, "restaurantId"),
        (("orderItems", 0, "id"), 10**40, "orderItems[0].id"),
        (("orderItems", 0, "name"), "\ud800", "orderItems[0].name"),
        (("orderItems", 1, "price"), Decimal("4.990"), "orderItems[1].price"),
        (("orderItems", 1, "price"), Decimal("0E-10"), "orderItems[1].price"),
        (("orderItems",), [], "orderItems"),
        (("orderItems",), "Spaghetti", "orderItems"),
        (("orderItems", 0), "Spaghetti", "orderItems[0]"),
        (("orderItems", 1, "price"), Decimal("4.999"), "orderItems[1].price"),
        (("orderItems", 1, "price"), Decimal("-1"), "orderItems[1].price"),
        (("orderItems", 1, "price"), "4.99", "orderItems[1].price"),
        (("orderItems", 0, "quantity"), 0, "orderItems[0].quantity"),
        (("orderItems", 0, "quantity"), 1001, "orderItems[0].quantity"),
        (("orderItems", 0, "name"), "", "orderItems[0].name"),
        (("orderItems", 0, "name"), "x" * 201, "orderItems[0].name"),
        (("orderItems", 0, "id"), "1", "orderItems[0].id"),
        (("orderItems", 0, "colour"), "red", "orderItems[0].colour"),
        (("totalAmount",), Decimal("1e30"), "totalAmount"),
        (("totalAmount",), None, "totalAmount"),
        (("coupon",), "FREE", "coupon"),
    ],
)
def test_each_invalid_field_is_named(path: tuple[Any, ...], value: Any, field: str) -> None:
    with pytest.raises(ValidationFailed) as raised:
        parse_order_draft(with_change(path, value))
    assert fields_of(raised.value) == [field]
    assert field in raised.value.message


def test_money_keeps_one_written_form_per_value_as_dynamodb_does() -> None:
    assert format(parse_order_draft(with_change(("totalAmount",), Decimal("-0.00"))).total_amount, "f") == "0"
    assert format(parse_order_draft(with_change(("totalAmount",), Decimal("19.90"))).total_amount, "f") == "19.9"
    assert format(parse_order_draft(with_change(("totalAmount",), 100)).total_amount, "f") == "100"


def test_item_ids_are_any_integer_the_spec_allows() -> None:
    assert parse_order_draft(with_change(("orderItems", 0, "id"), -7)).items[0].id == -7


def test_every_invalid_field_is_reported_at_once() -> None:
    body = with_change(("restaurantId",), -1)
    body["totalAmount"] = "lots"
    del body["orderId"]
    with pytest.raises(ValidationFailed) as raised:
        parse_order_draft(body)
    assert sorted(fields_of(raised.value)) == ["orderId", "restaurantId", "totalAmount"]


def test_more_than_100_items_are_refused() -> None:
    item = README_ORDER["orderItems"][0]
    with pytest.raises(ValidationFailed) as raised:
        parse_order_draft(with_change(("orderItems",), [item] * 101))
    assert fields_of(raised.value) == ["orderItems"]


@pytest.mark.parametrize("body", [[README_ORDER], "order", None, 3])
def test_a_body_that_is_not_an_object_is_refused(body: Any) -> None:
    with pytest.raises(ValidationFailed) as raised:
        parse_order_draft(body)
    assert fields_of(raised.value) == ["body"]


def test_an_edit_takes_its_order_id_from_the_path() -> None:
    body = {k: v for k, v in README_ORDER.items() if k != "orderId"}
    assert parse_order_draft(body, path_order_id="from-path").order_id == "from-path"


def test_an_edit_body_naming_another_order_is_refused() -> None:
    with pytest.raises(ValidationFailed) as raised:
        parse_order_draft(README_ORDER, path_order_id="other")
    assert fields_of(raised.value) == ["orderId"]
