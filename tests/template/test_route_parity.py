"""One route convention: each handler module declares the routes it serves (HttpFunction.route), and template.yaml
binds exactly those routes, each to the function whose handler declares it. Read from both sides, compared whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from _support.paths import TEMPLATE
from _support.template_routes import template_routes
from foodorder.handlers.routes import declared_routes
from samlocal.template.loader import load_template

Route = tuple[str, str, str, str]  # API logical id, METHOD, path, handler


def bound_routes(template: dict[str, Any]) -> set[Route]:
    return {(route.api, route.method, route.path, route.handler) for route in template_routes(template)}


def declared() -> set[Route]:
    """What every handler module under foodorder.handlers declares, with the handler that serves it."""
    return {(r.api, r.method, r.path, handler) for handler, routes in declared_routes().items() for r in routes}


def test_the_template_binds_exactly_the_routes_the_handlers_declare_for_both_apis() -> None:
    bound = bound_routes(load_template(TEMPLATE))

    assert bound == declared()
    assert {api for api, *_ in bound} == {"UsersApi", "OrdersApi"}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Path: /orders/{orderId}\n            Method: get", "Path: /purchases/{orderId}\n            Method: get"),
        ("Path: /orders/{orderId}\n            Method: put", "Path: /orders/{orderId}\n            Method: patch"),
        ("Handler: foodorder.handlers.orders.get.handler", "Handler: foodorder.handlers.orders.cancel.handler"),
    ],
    ids=["moved_path", "changed_method", "wrong_handler"],
)
def test_a_handler_bound_to_a_route_it_does_not_declare_fails_the_comparison(
    old: str, new: str, tmp_path: Path
) -> None:
    text = TEMPLATE.read_text()
    assert text.count(old) == 1
    changed = tmp_path / "template.yaml"
    changed.write_text(text.replace(old, new))

    assert bound_routes(load_template(changed)) != declared()
