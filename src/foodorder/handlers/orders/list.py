"""GET /orders: the caller's orders, `limit` at a time, with an opaque `nextToken` while more remain."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response

from foodorder import bootstrap
from foodorder.domain.pagination import encode_token
from foodorder.handlers._http import (
    ANY_METHOD,
    TEMPLATE_ROUTE,
    caller_sub,
    entrypoint,
    json_response,
    make_app,
    query_param,
)
from foodorder.services.orders import list_orders

app = make_app()


@app.route(TEMPLATE_ROUTE, method=ANY_METHOD)
def list_all() -> Response[str]:
    page = list_orders(
        bootstrap.container().orders,
        caller_sub(app),
        query_param(app, "limit"),
        query_param(app, "nextToken"),
    )
    body: dict[str, Any] = {"orders": [order.to_document() for order in page.items]}
    if page.last_key is not None:
        body["nextToken"] = encode_token(page.last_key)
    return json_response(200, body)


handler = entrypoint(app)
