"""POST /orders: places an order, idempotently per caller and orderId."""

from __future__ import annotations

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.metrics import MetricUnit

from foodorder import bootstrap
from foodorder.domain.order_input import parse_order_draft
from foodorder.handlers._http import HttpFunction, caller_sub, json_body, json_response
from foodorder.observability import logger, metrics

app = HttpFunction("OrdersApi")
REPLAYED_HEADER = "Idempotent-Replayed"


@app.route("POST", "/orders", body="OrderDraft", returns="Order", headers=(REPLAYED_HEADER,), errors=(400, 409, 422))
def create_order() -> Response[str]:
    """Places an order, idempotently: a repeat of the same body answers the first response again."""
    user_id = caller_sub(app)
    draft = parse_order_draft(json_body(app))
    placement = bootstrap.container().placement(user_id, draft, app.context)
    document = placement.order.to_document()
    if placement.replayed:
        return json_response(200, document, headers={REPLAYED_HEADER: "true"})
    logger.info("Adding a new order", order=document)
    metrics.add_metric(name="SuccessfulOrder", unit=MetricUnit.Count, value=1)
    metrics.add_metric(name="OrderTotal", unit=MetricUnit.Count, value=float(placement.order.total_amount))
    return json_response(200, document)


handler = app.handler(emits_metrics=True)
