"""The OpenAPI documents: one per API of template.yaml, whose operations are exactly the template's routes, as the
handlers declare them; checked in under docs/ exactly as `make docs` writes them; their examples are the README's
requests, and their schemas accept what the domain writes."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
import schemathesis

from _support.paths import ROOT, TEMPLATE
from _support.template_routes import template_routes
from apidocs import SUFFIX, generate
from apidocs.readme import readme_requests
from apidocs.stack import RouteMismatch
from foodorder.domain.lifecycle import OrderStatus
from foodorder.domain.orders import Order, OrderItem
from foodorder.domain.users import User
from samlocal.template.loader import load_template

DOCS = ROOT / "docs"
README = ROOT / "README.md"


def checked_in() -> dict[str, Any]:
    return {path.name: json.loads(path.read_text()) for path in sorted(DOCS.glob(f"*{SUFFIX}"))}


def template_operations(api: str) -> set[tuple[str, str, str]]:
    """(event name, METHOD, path) of every Api event of template.yaml on `api`."""
    routes = template_routes(load_template(TEMPLATE))
    return {(route.event, route.method, route.path) for route in routes if route.api == api}


def document_operations(document: dict[str, Any]) -> set[tuple[str, str, str]]:
    return {
        (operation["operationId"], method.upper(), path)
        for path, item in document["paths"].items()
        for method, operation in item.items()
    }


def test_the_checked_in_documents_are_exactly_what_make_docs_writes() -> None:
    assert checked_in() == generate(TEMPLATE, README), "docs/ is stale: run `make docs`"


@pytest.mark.parametrize("api", ["UsersApi", "OrdersApi"])
def test_each_api_of_the_template_has_a_document_whose_operations_are_its_routes(api: str) -> None:
    document = checked_in()[f"{api}{SUFFIX}"]

    assert template_operations(api)
    assert document_operations(document) == template_operations(api)


def test_the_documents_are_valid_openapi_3_1() -> None:
    for document in checked_in().values():
        assert document["openapi"] == "3.1.0"
        # Raises ValidationError naming the first part of the document that breaks OpenAPI 3.1's meta-schema.
        schemathesis.openapi.from_dict(document).validate()


def changed_template(tmp_path: Path, old: str, new: str) -> Path:
    """template.yaml with one edit, beside a link to src/ (the functions' CodeUri)."""
    text = TEMPLATE.read_text()
    assert text.count(old) == 1
    (tmp_path / "src").symlink_to(ROOT / "src")
    changed = tmp_path / "template.yaml"
    changed.write_text(text.replace(old, new))
    return changed


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Path: /orders/{orderId}\n            Method: get", "Path: /purchases/{orderId}\n            Method: get"),
        ("Path: /users\n            Method: post", "Path: /users\n            Method: patch"),
    ],
    ids=["moved_path", "changed_method"],
)
def test_a_template_route_the_handlers_do_not_declare_stops_the_generation(old: str, new: str, tmp_path: Path) -> None:
    with pytest.raises(RouteMismatch, match="does not declare it"):
        generate(changed_template(tmp_path, old, new), README)


def test_a_declared_route_the_template_does_not_bind_stops_the_generation(tmp_path: Path) -> None:
    event = (
        "        DeleteUser:\n          Type: Api\n          Properties:\n            RestApiId: !Ref UsersApi\n"
        "            Path: /users/{userid}\n            Method: delete\n"
    )

    with pytest.raises(RouteMismatch, match=re.escape("DELETE /users/{userid} of UsersApi")):
        generate(changed_template(tmp_path, event, ""), README)


def test_every_request_of_the_readme_is_an_example_of_a_documented_operation_and_fits_its_schema() -> None:
    documents = checked_in()
    outputs = {"APIEndpoint": "UsersApi", "OrdersServiceEndpoint": "OrdersApi"}
    requests = readme_requests(README)
    assert {request.output for request in requests} == set(outputs)
    for request in requests:
        document = documents[f"{outputs[request.output]}{SUFFIX}"]
        (operation,) = [
            item[request.method.lower()]
            for path, item in document["paths"].items()
            if request.method.lower() in item and request.path_values(path) is not None
        ]
        if request.body is not None:
            content = operation["requestBody"]["content"]["application/json"]
            assert "example" in content
            validator(document, content["schema"]).validate(request.body)


def validator(document: dict[str, Any], schema: dict[str, Any]) -> Any:
    return jsonschema_rs.Draft202012Validator({**schema, "components": document["components"]})


def test_the_response_schemas_accept_what_the_domain_writes() -> None:
    documents = checked_in()
    item = OrderItem(id=1, name="Spaghetti", price=Decimal("9.99"), quantity=1)
    order = Order("hogehoge", "sub-1", 1, (item,), Decimal("19.97"), OrderStatus.PLACED, "2026-01-02T03:04:05Z")
    user = User("sub-1", "My name is hogehoge", None, "2026-01-02T03:04:05Z")
    order_schema = {"$ref": "#/components/schemas/Order"}
    user_schema = {"$ref": "#/components/schemas/User"}

    # Through JSON, as a client reads them: money as JSON numbers.
    as_json = json.loads(json.dumps(order.to_document(), default=float))
    validator(documents[f"OrdersApi{SUFFIX}"], order_schema).validate(as_json)
    validator(documents[f"UsersApi{SUFFIX}"], user_schema).validate(user.to_document())
    # Every field the domain writes is documented.
    schemas = {
        **documents[f"OrdersApi{SUFFIX}"]["components"]["schemas"],
        **documents[f"UsersApi{SUFFIX}"]["components"]["schemas"],
    }
    assert set(schemas["Order"]["properties"]) == set(as_json)
    assert set(schemas["OrderItem"]["properties"]) == set(as_json["orderItems"][0])
    assert set(schemas["User"]["properties"]) == {*user.to_document(), "email"}
    with pytest.raises(jsonschema_rs.ValidationError):
        validator(documents[f"OrdersApi{SUFFIX}"], order_schema).validate({**as_json, "status": "LOST"})
