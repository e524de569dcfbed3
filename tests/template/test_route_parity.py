"""One route convention: each handler module declares the routes it serves (HttpFunction.route), and template.yaml
binds exactly those routes, each to the function whose handler declares it. Read from both sides, compared whole."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any

import pytest

import foodorder.handlers
from _support.paths import TEMPLATE
from foodorder.handlers._http import HttpFunction
from samlocal.template.loader import load_template

Route = tuple[str, str, str, str]  # API logical id, METHOD, path, handler


def template_routes(template: dict[str, Any]) -> set[Route]:
    routes: set[Route] = set()
    for resource in template["Resources"].values():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        properties = resource["Properties"]
        for event in properties.get("Events", {}).values():
            if event["Type"] == "Api":
                api = event["Properties"]["RestApiId"]["Ref"]
                routes.add(
                    (api, event["Properties"]["Method"].upper(), event["Properties"]["Path"], properties["Handler"])
                )
    return routes


def declared_routes() -> set[Route]:
    """What every handler module under foodorder.handlers declares, with the handler that serves it."""
    routes: set[Route] = set()
    for module_info in pkgutil.walk_packages(foodorder.handlers.__path__, "foodorder.handlers."):
        module = importlib.import_module(module_info.name)
        app = getattr(module, "app", None)
        if isinstance(app, HttpFunction):
            routes |= {(route.api, route.method, route.path, f"{module_info.name}.handler") for route in app.routes}
    return routes


def test_the_template_binds_exactly_the_routes_the_handlers_declare_for_both_apis() -> None:
    bound = template_routes(load_template(TEMPLATE))

    assert bound == declared_routes()
    assert {api for api, *_ in bound} == {"UsersApi", "OrdersApi"}
    assert len(bound) == 10


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

    assert template_routes(load_template(changed)) != declared_routes()
