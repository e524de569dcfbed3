"""The real template.yaml served by the local gateway: the Orders API's real handlers in their own execution
environments, on a real SQLite file, behind the Cognito authorizer with tokens signed like the identity provider's.
And a route changed in a copy of template.yaml is served with no code change."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from foodorder.local.gateway import Gateway
from foodorder.local.http import LocalResponse
from foodorder.local.template import TEMPLATE_PATH
from local.gateway.gateway_support import Send, Sign, local_values, sender

ORDER = (
    '{"restaurantId":1,"orderId":"hogehoge","orderItems":[{"id":1,"name":"Spaghetti","price":9.99,"quantity":1},'
    '{"id":2,"name":"Pizza - SMALL","price":4.99,"quantity":2}],"totalAmount":19.97}'
)
EDITED = ORDER.replace('"quantity":2}]', '"quantity":2},{"id":3,"name":"Salad","price":2.49,"quantity":1}]')
ALICE = "aaaaaaaa-0000-0000-0000-000000000001"
BOB = "bbbbbbbb-0000-0000-0000-000000000002"


@pytest.fixture(scope="module")
def state(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("real-template")


@pytest.fixture(scope="module")
def real(state: Path, jwks: dict[str, Any]) -> Iterator[Send]:
    with Gateway.from_template(local_values(state), lambda: jwks, template=TEMPLATE_PATH) as gateway:
        yield sender(gateway)


def orders(call: Send, sign: Sign, method: str, path: str = "", body: str = "", sub: str = ALICE) -> LocalResponse:
    # curl --data-raw sends JSON as form-urlencoded; the functions read it as JSON all the same.
    headers = [("Authorization", sign(sub)), ("Content-Type", "application/x-www-form-urlencoded")]
    return call(f"/OrdersApi/Prod/orders{path}", method, headers=headers, body=body.encode())


def test_the_orders_api_walkthrough_runs_on_the_real_handlers_and_sqlite(real: Send, sign: Sign, state: Path) -> None:
    created = orders(real, sign, "POST", body=ORDER)
    replayed = orders(real, sign, "POST", body=ORDER)
    fetched = orders(real, sign, "GET", "/hogehoge")
    listed = orders(real, sign, "GET")
    edited = orders(real, sign, "PUT", "/hogehoge", EDITED)
    cancelled = orders(real, sign, "DELETE", "/hogehoge")

    assert created.status == 200, created.body
    order = json.loads(created.body)
    assert (order["userId"], order["status"], order["totalAmount"]) == (ALICE, "PLACED", 19.97)
    assert (replayed.status, replayed.header("Idempotent-Replayed")) == (200, "true")
    assert json.loads(fetched.body)["orderId"] == "hogehoge"
    assert [o["orderId"] for o in json.loads(listed.body)["orders"]] == ["hogehoge"]
    assert len(json.loads(edited.body)["orderItems"]) == 3
    assert json.loads(cancelled.body)["status"] == "CANCELED"
    assert (state / "foodorder.db").is_file()


def test_another_users_order_is_404_through_the_gateway(real: Send, sign: Sign) -> None:
    assert orders(real, sign, "POST", body=ORDER.replace("hogehoge", "alices")).status == 200

    response = orders(real, sign, "GET", "/alices", sub=BOB)

    assert response.status == 404


def test_the_orders_api_refuses_an_access_token_with_401(real: Send, sign: Sign) -> None:
    response = real("/OrdersApi/Prod/orders", headers=[("Authorization", sign(ALICE, use="access"))])

    assert (response.status, response.body) == (401, b'{"message":"Unauthorized"}')


def test_the_users_api_without_a_token_is_401(real: Send) -> None:
    response = real("/UsersApi/Prod/users/someone")

    assert (response.status, response.body) == (401, b'{"message":"Unauthorized"}')


def test_a_route_changed_in_a_copy_of_template_yaml_reaches_its_function_with_no_code_change(
    tmp_path: Path, jwks: dict[str, Any], sign: Sign
) -> None:
    text = TEMPLATE_PATH.read_text()
    changed = (
        text.replace("CodeUri: src/", f"CodeUri: {TEMPLATE_PATH.parent / 'src'}")
        .replace(
            "Path: /orders/{orderId}\n            Method: get", "Path: /purchases/{orderId}\n            Method: get"
        )
        .replace(
            "Path: /orders/{orderId}\n            Method: put", "Path: /orders/{orderId}\n            Method: patch"
        )
    )
    assert changed.count("/purchases/{orderId}") == 1
    assert changed.count("Method: patch") == 1
    template = tmp_path / "template.yaml"
    template.write_text(changed)

    with Gateway.from_template(local_values(tmp_path), lambda: jwks, template=template) as gateway:
        call = sender(gateway)
        assert orders(call, sign, "POST", body=ORDER).status == 200
        moved = call("/OrdersApi/Prod/purchases/hogehoge", headers=[("Authorization", sign(ALICE))])
        old_path = orders(call, sign, "GET", "/hogehoge")
        patched = orders(call, sign, "PATCH", "/hogehoge", EDITED)
        old_method = orders(call, sign, "PUT", "/hogehoge", EDITED)

    # The functions serve whatever route the template binds them to, so the moved route works in full.
    assert (moved.status, json.loads(moved.body)["orderId"]) == (200, "hogehoge")
    assert (patched.status, len(json.loads(patched.body)["orderItems"])) == (200, 3)
    assert (old_path.status, old_path.body) == (403, b'{"message":"Missing Authentication Token"}')
    assert (old_method.status, old_method.body) == (403, b'{"message":"Missing Authentication Token"}')
