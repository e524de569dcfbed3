"""Placing an order exactly once per (caller, orderId), with the Powertools idempotency utility.

Only a validated request reaches the idempotent section, so a rejected body never occupies the key and a
corrected retry is not mistaken for a different payload."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyAlreadyInProgressError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.idempotency.persistence.base import BasePersistenceLayer
from aws_lambda_powertools.utilities.idempotency.serialization.base import BaseIdempotencySerializer
from aws_lambda_powertools.utilities.typing import LambdaContext

from foodorder import codec
from foodorder.domain.orders import (
    ORDER_TIME_FORMAT,
    Order,
    OrderAlreadyExists,
    OrderDraft,
    OrderIdReused,
    OrderInProgress,
)
from foodorder.domain.ports import Clock, OrdersRepository
from foodorder.services.orders import place_order

RECORD_LIFETIME_SECONDS = 60 * 60


@dataclass(frozen=True)
class Placement:
    order: Order
    replayed: bool


class _PlacementSerializer(BaseIdempotencySerializer):
    """Stores the order as our exact JSON (Powertools' encoder would turn Decimal into strings).

    Powertools reads a stored record back only to answer a repeat, hence `replayed=True`."""

    def to_dict(self, data: Placement) -> dict[str, Any]:
        return {"order": codec.dumps(data.order.to_document())}

    def from_dict(self, data: dict[str, Any]) -> Placement:
        return Placement(Order.from_document(codec.loads(data["order"])), replayed=True)


def _canonical(amount: Decimal) -> str:
    # 19.9 and 19.90, or 10 and 10.00, are the same money and so the same request.
    return format(amount.normalize(), "f")


def idempotency_data(user_id: str, draft: OrderDraft) -> dict[str, Any]:
    """The key is the caller and the orderId; the rest of the order is the payload that must match."""
    return {
        "userId": user_id,
        "orderId": draft.order_id,
        "order": {
            "restaurantId": draft.restaurant_id,
            "orderItems": [
                {"id": i.id, "name": i.name, "price": _canonical(i.price), "quantity": i.quantity} for i in draft.items
            ],
            "totalAmount": _canonical(draft.total_amount),
        },
    }


class IdempotentPlacement:
    def __init__(self, repo: OrdersRepository, clock: Clock, persistence: BasePersistenceLayer) -> None:
        self._repo = repo
        self._clock = clock
        self._config = IdempotencyConfig(
            event_key_jmespath="[userId, orderId]",
            payload_validation_jmespath="order",
            raise_on_no_idempotency_key=True,
            expires_after_seconds=RECORD_LIFETIME_SECONDS,
        )
        self._place = idempotent_function(
            data_keyword_argument="request",
            persistence_store=persistence,
            config=self._config,
            output_serializer=_PlacementSerializer(),
            # A fixed prefix keeps keys stable whatever the function or module is called.
            key_prefix="foodorder.place_order",
        )(self._place_once)

    def __call__(self, user_id: str, draft: OrderDraft, context: LambdaContext | None = None) -> Placement:
        if context is not None:
            # Lets Powertools expire an in-progress record if this invocation times out.
            self._config.register_lambda_context(context)
        try:
            placement: Placement = self._place(request=idempotency_data(user_id, draft), draft=draft)
        except IdempotencyAlreadyInProgressError as exc:
            raise OrderInProgress(draft.order_id) from exc
        except IdempotencyValidationError as exc:
            raise OrderIdReused(draft.order_id) from exc
        return placement

    def _place_once(self, request: dict[str, Any], draft: OrderDraft) -> Placement:
        try:
            return Placement(place_order(self._repo, self._clock, request["userId"], draft), replayed=False)
        except OrderAlreadyExists as exc:
            # An earlier invocation placed this very order and ended (a crash, a timeout) before Powertools
            # recorded its result; once its in-progress record expired, this repeat ran again. It gets what the
            # earlier one placed, as any repeat within the window does. Past the window, or another body: 409.
            if exc.existing is None or not self._placed_earlier_in_window(exc.existing, request):
                raise
            return Placement(exc.existing, replayed=True)

    def _placed_earlier_in_window(self, order: Order, request: dict[str, Any]) -> bool:
        placed_at = datetime.strptime(order.order_time, ORDER_TIME_FORMAT).replace(tzinfo=UTC)
        if self._clock() - placed_at >= timedelta(seconds=RECORD_LIFETIME_SECONDS):
            return False
        as_placed = OrderDraft(order.order_id, order.restaurant_id, order.items, order.total_amount)
        return idempotency_data(order.user_id, as_placed) == request
