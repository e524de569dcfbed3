"""Delivery as Lambda's asynchronous invocation: each queued event runs its target; a failed invocation is retried
twice, after a delay, then dropped with a log line naming the event.

On AWS the retries come after about one and then two minutes; locally the delays are shorter by default (one and
two seconds) so that a failure shows within a test or a demo. A delivery that is cut short by the stack stopping is
left in the queue and delivered again after the next start."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from samlocal.events.lambda_target import DeliveryFailed
from samlocal.events.queue import DeliveryQueue, Queued

log = logging.getLogger("samlocal.events")

Target = Callable[[str, dict[str, Any]], None]
DEFAULT_RETRY_DELAYS = (1.0, 2.0)
# How often an idle dispatcher looks at the queue even when nobody woke it (retries falling due).
_IDLE_SECONDS = 1.0


class Delivery:
    def __init__(
        self,
        queue: DeliveryQueue,
        target: Target,
        *,
        retry_delays: Sequence[float] = DEFAULT_RETRY_DELAYS,
        workers: int = 4,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._queue = queue
        self._target = target
        self._delays = tuple(retry_delays)
        self._workers = workers
        self._clock = clock
        self._wake = threading.Condition()
        self._stopping = False
        self._in_flight: set[int] = set()
        self._executor = ThreadPoolExecutor(workers, thread_name_prefix="events-delivery")
        self._thread = threading.Thread(target=self._dispatch, name="events-dispatch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def notify(self) -> None:
        """New deliveries are queued."""
        with self._wake:
            self._wake.notify()

    def stop(self) -> None:
        with self._wake:
            self._stopping = True
            self._wake.notify()
        if self._thread.is_alive():
            self._thread.join()
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _dispatch(self) -> None:
        while True:
            with self._wake:
                if self._stopping:
                    return
                free = self._workers - len(self._in_flight)
                batch = self._queue.due(self._clock(), sorted(self._in_flight), free) if free else []
                self._in_flight.update(queued.id for queued in batch)
                if not batch:
                    self._wake.wait(self._idle_wait())
                    continue
            for queued in batch:
                self._executor.submit(self._attempt, queued)

    def _idle_wait(self) -> float:
        upcoming = self._queue.next_due()
        if upcoming is None:
            return _IDLE_SECONDS
        return max(0.0, min(_IDLE_SECONDS, upcoming - self._clock()))

    def _attempt(self, queued: Queued) -> None:
        pending = queued.pending
        try:
            self._target(pending.function, pending.event)
        except DeliveryFailed as error:
            self._failed(queued, str(error))
        except Exception as error:  # whatever else the runtime raises is a failed invocation, never a lost event
            log.exception("delivering event %s to %s raised", pending.event_id, pending.function)
            self._failed(queued, repr(error))
        else:
            self._queue.done(queued.id)
            log.info("event %s delivered to %s (rule %s)", pending.event_id, pending.function, pending.rule)
        finally:
            with self._wake:
                self._in_flight.discard(queued.id)
                self._wake.notify()

    def _failed(self, queued: Queued, reason: str) -> None:
        pending = queued.pending
        if self._stopping:
            return  # cut short by the shutdown: delivered again after the next start
        attempt = queued.attempts + 1
        if attempt > len(self._delays):
            self._queue.done(queued.id)
            log.error(
                "event %s dropped: %s (rule %s) failed %d times, the last with %s",
                pending.event_id, pending.function, pending.rule, attempt, reason,
            )  # fmt: skip
            return
        delay = self._delays[attempt - 1]
        self._queue.retry(queued.id, self._clock() + delay)
        log.warning(
            "event %s: %s failed (%s); retry %d of %d in %.1fs",
            pending.event_id, pending.function, reason, attempt, len(self._delays), delay,
        )  # fmt: skip
