"""GET /orders: the caller's orders, `limit` at a time, with an opaque `nextToken` while more remain."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response

from foodorder import bootstrap
from foodorder.domain.order_input import ORDER_ID_PATTERN
from foodorder.domain.pagination import encode_token, parse_page_request
from foodorder.handlers._http import HttpFunction, caller_sub, json_response, query_param
from foodorder.services.orders import list_orders

app = HttpFunction("OrdersApi")


@app.route("GET", "/orders", returns="OrderPage", errors=(400,), query=("limit", "nextToken"))
def list_all() -> Response[str]:
    """Lists the caller's orders, a page at a time."""
    user_id = caller_sub(app)
    request = parse_page_request(query_param(app, "limit"), query_param(app, "nextToken"), ORDER_ID_PATTERN)
    page = list_orders(bootstrap.container().orders, user_id, request)
    body: dict[str, Any] = {"orders": [order.to_document() for order in page.items]}
    if page.last_key is not None:
        body["nextToken"] = encode_token(page.last_key)
    return json_response(200, body)


handler = app.handler()
