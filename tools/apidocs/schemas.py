"""The JSON Schemas (2020-12, as OpenAPI 3.1 has them) of what the APIs take and return, built from the bounds the
domain enforces, so that a bound changed in the domain changes the documents (and `make docs` shows it).

Request bodies are closed (an unknown field is a 400); response bodies are open, as clients should read them."""

from __future__ import annotations

import re
from typing import Any

from foodorder.domain import order_input, users
from foodorder.domain.lifecycle import OrderStatus
from foodorder.domain.order_input import MAX_ITEM_NAME_LENGTH, MAX_ITEMS, MAX_QUANTITY, ORDER_ID_PATTERN
from foodorder.domain.pagination import MAX_LIMIT
from foodorder.domain.users import EMAIL_PATTERN, MAX_EMAIL_LENGTH, MAX_NAME_LENGTH, USERID_PATTERN
from foodorder.domain.validation import MAX_MONEY, MAX_SAFE_INTEGER

Schema = dict[str, Any]

TIMESTAMP = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def anchored(pattern: re.Pattern[str]) -> str:
    """The domain matches with fullmatch; a JSON Schema pattern matches anywhere unless anchored."""
    return f"^{pattern.pattern}$"


def _server_owned(fields: frozenset[str]) -> dict[str, Schema]:
    """What a client may send back of what it read; accepted, and ignored."""
    description = "Ignored: the server owns it. A client that sends back what it read is not refused."
    return {name: {"description": description} for name in sorted(fields)}


_SUB = "4f1e5cd0-9a1b-4c6e-8d2a-3b7f0e9c1a55"
# Sample values for readers (Swagger UI builds its example bodies from them), in the README's spirit.
_TIME = "2026-01-02T03:04:05Z"

MONEY: Schema = {
    "type": "number",
    "minimum": 0,
    "maximum": int(MAX_MONEY),
    "description": "An exact decimal amount with at most 2 decimal places as written (19.97; 19.90 is answered 19.9).",
}
INTEGER: Schema = {"type": "integer", "minimum": -MAX_SAFE_INTEGER, "maximum": MAX_SAFE_INTEGER}
ORDER_ID: Schema = {"type": "string", "pattern": anchored(ORDER_ID_PATTERN), "examples": ["hogehoge"]}
# No sample: the docs page fills a userid parameter with the signed-in caller's sub.
USERID: Schema = {"type": "string", "pattern": anchored(USERID_PATTERN)}
NAME: Schema = {
    "type": "string",
    "minLength": 1,
    "maxLength": MAX_NAME_LENGTH,
    "pattern": r"\S",
    "examples": ["My name is hogehoge"],
}
EMAIL: Schema = {
    "type": "string",
    "maxLength": MAX_EMAIL_LENGTH,
    "pattern": anchored(EMAIL_PATTERN),
    "examples": ["alice@example.com"],
}
NEXT_TOKEN: Schema = {"type": "string", "description": "Opaque: the nextToken of the previous page."}
LIMIT: Schema = {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}

# What a response header of each name means (the routes name them, `headers=`).
HEADERS: dict[str, Schema] = {
    "Idempotent-Replayed": {
        "description": "`true` when this is the first response again: the same caller sent the same body before.",
        "schema": {"type": "string", "enum": ["true"]},
    },
}

# What a path or query parameter of each name is; the routes name them (path templates, `query=`).
PARAMETERS: dict[str, Schema] = {"userid": USERID, "orderId": ORDER_ID, "limit": LIMIT, "nextToken": NEXT_TOKEN}


def _order_draft(*, order_id_required: bool) -> Schema:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["restaurantId", "orderItems", "totalAmount", *(["orderId"] if order_id_required else [])],
        "properties": {
            "orderId": ORDER_ID,
            "restaurantId": {**INTEGER, "minimum": 1, "examples": [1]},
            "orderItems": {"type": "array", "minItems": 1, "maxItems": MAX_ITEMS, "items": _ref("OrderItem")},
            "totalAmount": {
                **MONEY,
                "description": "What the client agreed to pay, stored as sent. " + MONEY["description"],
            },
            **_server_owned(order_input.SERVER_OWNED_FIELDS),
        },
    }


ORDER_ITEM: Schema = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "name", "price", "quantity"],
    "properties": {
        "id": {**INTEGER, "examples": [1]},
        "name": {"type": "string", "minLength": 1, "maxLength": MAX_ITEM_NAME_LENGTH, "examples": ["Spaghetti"]},
        "price": {**MONEY, "examples": [9.99]},
        "quantity": {"type": "integer", "minimum": 1, "maximum": MAX_QUANTITY, "examples": [1]},
    },
}

ORDER: Schema = {
    "type": "object",
    "required": ["orderId", "userId", "restaurantId", "orderItems", "totalAmount", "status", "orderTime", "statusTime"],
    "properties": {
        "orderId": ORDER_ID,
        "userId": {"type": "string", "description": "The caller's sub.", "examples": [_SUB]},
        "restaurantId": {**INTEGER, "examples": [1]},
        "orderItems": {"type": "array", "items": _ref("OrderItem")},
        "totalAmount": {**MONEY, "examples": [19.97]},
        "status": {"type": "string", "enum": [status.value for status in OrderStatus]},
        "orderTime": {
            "type": "string",
            "pattern": TIMESTAMP,
            "description": "UTC, when the order was placed.",
            "examples": [_TIME],
        },
        "statusTime": {
            "type": "string",
            "pattern": TIMESTAMP,
            "description": "UTC, when the status last changed (orderTime while PLACED).",
            "examples": [_TIME],
        },
    },
}

USER_DRAFT: Schema = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name"],
    "properties": {
        "userid": {**USERID, "description": "Generated when absent (POST); when present, equal to the path's (PUT)."},
        "name": NAME,
        "email": EMAIL,
        **_server_owned(users.SERVER_OWNED_FIELDS),
    },
}

USER: Schema = {
    "type": "object",
    "required": ["userid", "name", "timestamp"],
    "properties": {
        "userid": {**USERID, "examples": [_SUB]},
        "name": {"type": "string", "examples": ["My name is hogehoge"]},
        "email": {"type": "string", "examples": ["alice@example.com"]},
        "timestamp": {
            "type": "string",
            "pattern": TIMESTAMP,
            "description": "UTC, the last write.",
            "examples": [_TIME],
        },
    },
}


def _page(items: str, item: str) -> Schema:
    return {
        "type": "object",
        "required": [items],
        "properties": {
            items: {"type": "array", "items": _ref(item)},
            "nextToken": {**NEXT_TOKEN, "description": "Present while more remain: pass it to read the next page."},
        },
    }


FIELD_ERROR: Schema = {
    "type": "object",
    "required": ["field", "message"],
    "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
}

ERROR: Schema = {
    "type": "object",
    "description": "An error raised by a function: a sentence, a stable code, and for validation every bad field.",
    "required": ["message", "code"],
    "properties": {
        "message": {"type": "string"},
        "code": {"type": "string", "examples": ["ValidationFailed", "OrderNotFound"]},
        "errors": {"type": "array", "items": _ref("FieldError")},
    },
}

# API Gateway's own bodies, which the functions never produce.
GATEWAY_MESSAGE: Schema = {
    "type": "object",
    "description": "API Gateway's own error body.",
    "required": ["message"],
    "properties": {"message": {"type": "string"}},
}
GATEWAY_DENIED: Schema = {
    "type": "object",
    "description": "API Gateway's body when the authorizer's policy denies the call.",
    "required": ["Message"],
    "properties": {"Message": {"type": "string", "examples": ["User is not authorized to access this resource"]}},
}
AUTHORIZER_FAILED: Schema = {
    "type": "object",
    "description": "API Gateway's body when the Lambda authorizer itself fails.",
    "required": ["message"],
    "properties": {"message": {"type": "null"}},
}

COMPONENTS: dict[str, Schema] = {
    "Order": ORDER,
    "OrderItem": ORDER_ITEM,
    "OrderDraft": _order_draft(order_id_required=True),
    "OrderEdit": _order_draft(order_id_required=False),
    "OrderPage": _page("orders", "Order"),
    "User": USER,
    "UserDraft": USER_DRAFT,
    "UserPage": _page("users", "User"),
    "Error": ERROR,
    "FieldError": FIELD_ERROR,
    "GatewayMessage": GATEWAY_MESSAGE,
    "GatewayDenied": GATEWAY_DENIED,
    "AuthorizerFailed": AUTHORIZER_FAILED,
}


def referenced(schema: Any) -> set[str]:
    """Names of the components a schema refers to, directly or through other components."""
    found: set[str] = set()
    pending = [schema]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str) and ref.rsplit("/", 1)[-1] not in found:
                name = ref.rsplit("/", 1)[-1]
                found.add(name)
                pending.append(COMPONENTS[name])
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return found
