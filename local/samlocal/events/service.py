"""The local EventBridge as the stack runs it: one queue in the state directory, one bus service, one delivery
loop, and the ASGI app that serves PutEvents."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from samlocal.asgi import ASGIApp
from samlocal.events.app import create_events_app
from samlocal.events.bus import EventBus, check_rules
from samlocal.events.delivery import DEFAULT_RETRY_DELAYS, Delivery
from samlocal.events.lambda_target import LambdaTarget
from samlocal.events.queue import DeliveryQueue
from samlocal.lambda_runtime.invoker import Invoker
from samlocal.template.rules import EventRules

QUEUE_FILE = "events.db"


class LocalEventBridge:
    def __init__(
        self,
        state_dir: Path,
        rules: Callable[[], EventRules],
        invoker: Invoker,
        *,
        region: str,
        account: str,
        base_path: str = "",
        retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS,
    ) -> None:
        """TemplateError when a rule's pattern is one EventBridge would refuse."""
        check_rules(rules().rules)
        self.queue = DeliveryQueue(state_dir / QUEUE_FILE)
        self.delivery = Delivery(self.queue, LambdaTarget(invoker), retry_delays=retry_delays)
        self.bus = EventBus(rules, self.queue, self.delivery.notify, region=region, account=account)
        self.app: ASGIApp = create_events_app(self.bus, base_path)

    def start(self) -> None:
        """Starts delivering, beginning with what was queued before a restart."""
        self.delivery.start()

    def close(self) -> None:
        self.delivery.stop()
        self.queue.close()
