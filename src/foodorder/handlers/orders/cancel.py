"""DELETE /orders/{orderId}: cancels a PLACED order less than 10 minutes old; the order is kept as CANCELED."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response

from foodorder import bootstrap
from foodorder.domain.order_input import check_order_id
from foodorder.handlers._http import HttpFunction, caller_sub, json_response, path_param
from foodorder.services.orders import cancel_order

app = HttpFunction("OrdersApi")


@app.route("DELETE", "/orders/{orderId}", returns="Order", errors=(400, 404))
def cancel() -> Response[str]:
    """Cancels an order that is PLACED and less than 10 minutes old; the order is kept, CANCELED."""
    user_id = caller_sub(app)
    order_id = check_order_id(path_param(app, "orderId"))
    container = bootstrap.container()
    order = cancel_order(container.orders, container.clock, user_id, order_id)
    return json_response(200, order.to_document())


handler = app.handler()
