"""PutEvents: each entry is read, matched against the rules of its bus, and its deliveries are queued before the
call answers. Rules come from the current template on every call, so a saved template.yaml applies at once."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from samlocal.events.entries import Entry, EntryError, envelope, read_entries, read_entry
from samlocal.events.patterns import Pattern, PatternError, compile_pattern
from samlocal.events.queue import DeliveryQueue, Pending
from samlocal.template.intrinsics import TemplateError
from samlocal.template.rules import EventRules, RuleSpec

log = logging.getLogger("samlocal.events")


def check_rules(rules: Iterable[RuleSpec]) -> None:
    """TemplateError naming the first rule whose pattern EventBridge would refuse."""
    for rule in rules:
        try:
            compile_pattern(rule.pattern)
        except PatternError as error:
            raise TemplateError(f"rule {rule.name} of {rule.function}: {error}") from None


class EventBus:
    def __init__(
        self,
        rules: Callable[[], EventRules],
        queue: DeliveryQueue,
        on_queued: Callable[[], None],
        *,
        region: str,
        account: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._rules = rules
        self._queue = queue
        self._on_queued = on_queued
        self._region = region
        self._account = account
        self._clock = clock
        self._patterns: dict[tuple[str, str], Pattern] = {}

    def put_events(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """The PutEvents answer; RequestInvalid when the request as a whole is refused."""
        entries = read_entries(params)
        now = self._clock()
        rules = self._rules()
        results: list[dict[str, str]] = []
        queued: list[Pending] = []
        for raw in entries:
            entry = read_entry(raw)
            if isinstance(entry, EntryError):
                results.append(entry.result())
                continue
            event_id = str(uuid.uuid4())
            queued += self._route(entry, envelope(entry, event_id, self._region, self._account, now), rules)
            results.append({"EventId": event_id})
        self._queue.push(queued, now.timestamp())
        if queued:
            self._on_queued()
        failed = sum(1 for result in results if "ErrorCode" in result)
        return {"FailedEntryCount": failed, "Entries": results}

    def _route(self, entry: Entry, event: dict[str, Any], rules: EventRules) -> list[Pending]:
        if entry.bus not in rules.buses:
            # AWS is reported to accept such an entry and drop it; a local user wants to know.
            log.warning("event %s is for bus %s, which the template does not define: dropped", event["id"], entry.bus)
            return []
        matched = [rule for rule in rules.on(entry.bus) if self._matches(rule, event)]
        if not matched:
            log.info("event %s (%s, %s) matched no rule of bus %s", event["id"], entry.source, entry.detail_type,
                     entry.bus)  # fmt: skip
        return [Pending(event["id"], rule.name, rule.function, event) for rule in matched]

    def _matches(self, rule: RuleSpec, event: dict[str, Any]) -> bool:
        key = (rule.name, json.dumps(rule.pattern, sort_keys=True))
        if key not in self._patterns:
            # Every pattern was checked before its template was served (check_rules): this compiles.
            self._patterns[key] = compile_pattern(rule.pattern)
        return self._patterns[key].matches(event)
