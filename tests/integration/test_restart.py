"""Restarts of the local stack on the same state directory keep what a user built up (SPEC §4)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
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
