"""GET /orders/{orderId}: one of the caller's orders; another user's order is as absent as a missing one."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response

from foodorder import bootstrap
from foodorder.domain.order_input import check_order_id
from foodorder.handlers._http import HttpFunction, caller_sub, json_response, path_param
from foodorder.services.orders import get_order

app = HttpFunction("OrdersApi")


@app.route("GET", "/orders/{orderId}", returns="Order", errors=(400, 404))
def get_one() -> Response[str]:
    """Reads one of the caller's orders."""
    user_id = caller_sub(app)
    order_id = check_order_id(path_param(app, "orderId"))
    order = get_order(bootstrap.container().orders, user_id, order_id)
    return json_response(200, order.to_document())


handler = app.handler()
