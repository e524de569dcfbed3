"""PUT /orders/{orderId}: replaces restaurant, items and total while the order is still PLACED."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response

from foodorder import bootstrap
from foodorder.domain.order_input import check_order_id, parse_order_draft
from foodorder.handlers._http import HttpFunction, caller_sub, json_body, json_response, path_param
from foodorder.services.orders import edit_order

app = HttpFunction("OrdersApi")


@app.route("PUT", "/orders/{orderId}", body="OrderEdit", returns="Order", errors=(400, 404))
def edit() -> Response[str]:
    """Replaces an order's restaurant, items and total while it is PLACED."""
    user_id = caller_sub(app)
    draft = parse_order_draft(json_body(app), path_order_id=check_order_id(path_param(app, "orderId")))
    order = edit_order(bootstrap.container().orders, user_id, draft)
    return json_response(200, order.to_document())


handler = app.handler()
