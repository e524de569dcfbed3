"""GET /orders/{orderId}: one of the caller's orders; another user's order is as absent as a missing one."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response

from foodorder import bootstrap
from foodorder.handlers._http import caller_sub, entrypoint, json_response, make_app
from foodorder.services.orders import get_order

app = make_app()


@app.get("/orders/<order_id>")
def get_one(order_id: str) -> Response[str]:
    order = get_order(bootstrap.container().orders, caller_sub(app), order_id)
    return json_response(200, order.to_document())


handler = entrypoint(app)
