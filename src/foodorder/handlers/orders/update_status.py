"""The target of the restaurant bus's `order.updated` rule: moves an order to the status the restaurant sent.

An event that can never apply (malformed, an unknown status, an order that does not exist) is logged with its
reason, counted, and acknowledged: raising would only make Lambda retry it in vain. A duplicate or stale event
changes nothing and is logged as such. A storage failure raises, so that Lambda's asynchronous retries apply."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from foodorder import bootstrap
from foodorder.domain.orders import OrderNotFound
from foodorder.domain.status_update import UnusableUpdate, parse_status_update
from foodorder.observability import logger, metrics, tracer
from foodorder.services.lifecycle import Outcome, change_status

IGNORED_METRIC = "IgnoredOrderUpdate"
APPLIED_METRIC = "OrderStatusChanged"


def _count(name: str, reason: str | None = None) -> None:
    if reason is not None:
        metrics.add_dimension(name="Reason", value=reason)
    metrics.add_metric(name=name, unit=MetricUnit.Count, value=1)


def update_status(event: dict[str, Any], context: LambdaContext) -> dict[str, str]:
    try:
        update = parse_status_update(event.get("detail"))
    except UnusableUpdate as unusable:
        logger.warning("Order update ignored", reason=unusable.reason, detail=unusable.message)
        _count(IGNORED_METRIC, unusable.reason)
        return {"outcome": unusable.reason}
    container = bootstrap.container()
    try:
        change = change_status(container.orders, container.clock, update)
    except OrderNotFound:
        logger.warning("Order update ignored", reason="UnknownOrder", orderId=update.order_id, userId=update.user_id)
        _count(IGNORED_METRIC, "UnknownOrder")
        return {"outcome": "UnknownOrder"}
    order, requested, status = update.order_id, update.status.value, change.status.value
    if change.outcome is Outcome.APPLIED:
        logger.info("Order status changed", orderId=order, requested=requested, status=status)
        _count(APPLIED_METRIC)
    else:
        reason = change.outcome.value
        logger.info("Order update changed nothing", reason=reason, orderId=order, requested=requested, status=status)
        _count(IGNORED_METRIC, reason)
    return {"outcome": change.outcome.value}


_traced = update_status if tracer is None else tracer.capture_lambda_handler(update_status)
handler = logger.inject_lambda_context(correlation_id_path=correlation_paths.EVENT_BRIDGE)(metrics.log_metrics(_traced))
