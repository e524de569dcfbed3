"""DELETE /orders/{orderId}: cancels a PLACED order less than 10 minutes old; the order is kept as CANCELED."""

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
from foodorder.services.orders import cancel_order

app = make_app()


@app.route(TEMPLATE_ROUTE, method=ANY_METHOD)
def cancel() -> Response[str]:
    container = bootstrap.container()
    order = cancel_order(container.orders, container.clock, caller_sub(app), path_param(app, "orderId"))
    return json_response(200, order.to_document())


handler = entrypoint(app)
