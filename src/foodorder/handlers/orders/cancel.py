"""DELETE /orders/{orderId}: cancels a PLACED order less than 10 minutes old; the order is kept as CANCELED."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response

from foodorder import bootstrap
from foodorder.handlers._http import caller_sub, entrypoint, json_response, make_app
from foodorder.services.orders import cancel_order

app = make_app()


@app.delete("/orders/<order_id>")
def cancel(order_id: str) -> Response[str]:
    container = bootstrap.container()
    order = cancel_order(container.orders, container.clock, caller_sub(app), order_id)
    return json_response(200, order.to_document())


handler = entrypoint(app)
