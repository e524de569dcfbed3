"""GET /orders/{orderId}: one of the caller's orders; another user's order is as absent as a missing one."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response

from foodorder import bootstrap
from foodorder.handlers._http import (
    ANY_METHOD,
    TEMPLATE_ROUTE,
    caller_sub,
    entrypoint,
    json_response,
    make_app,
    path_param,
)
from foodorder.services.orders import get_order

app = make_app()


@app.route(TEMPLATE_ROUTE, method=ANY_METHOD)
def get_one() -> Response[str]:
    order = get_order(bootstrap.container().orders, caller_sub(app), path_param(app, "orderId"))
    return json_response(200, order.to_document())


handler = entrypoint(app)
