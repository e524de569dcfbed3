"""PutEvents entries as EventBridge reads them: each one either becomes an event (the envelope a rule's target
receives) or fails on its own with EventBridge's ErrorCode and ErrorMessage; the other entries are unaffected."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from samlocal.template.rules import DEFAULT_BUS

MAX_ENTRIES = 10


class RequestInvalid(ValueError):
    """The whole request is refused: `__type` ValidationException."""


@dataclass(frozen=True)
class EntryError:
    code: str
    message: str

    def result(self) -> dict[str, str]:
        return {"ErrorCode": self.code, "ErrorMessage": self.message}


@dataclass(frozen=True)
class Entry:
    bus: str
    source: str
    detail_type: str
    detail: dict[str, Any]
    resources: tuple[str, ...]
    time: datetime | None


def _required(entry: Mapping[str, Any], name: str) -> str | EntryError:
    value = entry.get(name)
    if not isinstance(value, str) or not value:
        return EntryError("InvalidArgument", f"Parameter {name} is not valid. Reason: {name} is a required argument.")
    return value


def read_entry(entry: Any) -> Entry | EntryError:
    if not isinstance(entry, Mapping):
        return EntryError("InvalidArgument", "An entry must be a structure.")
    fields = [_required(entry, name) for name in ("Source", "DetailType", "Detail")]
    failed = next((field for field in fields if isinstance(field, EntryError)), None)
    if failed is not None:
        return failed
    source, detail_type, raw_detail = (str(field) for field in fields)
    try:
        detail = json.loads(raw_detail)
    except ValueError:
        detail = None
    if not isinstance(detail, dict):
        return EntryError("MalformedDetail", "Detail is malformed.")
    resources = entry.get("Resources", [])
    if not isinstance(resources, list) or not all(isinstance(r, str) for r in resources):
        return EntryError("InvalidArgument", "Parameter Resources is not valid. Reason: a list of ARNs is expected.")
    moment = entry.get("Time")
    if moment is not None and not (isinstance(moment, int | float) and not isinstance(moment, bool)):
        return EntryError("InvalidArgument", "Parameter Time is not valid. Reason: a timestamp is expected.")
    bus = entry.get("EventBusName") or DEFAULT_BUS
    if not isinstance(bus, str):
        return EntryError("InvalidArgument", "Parameter EventBusName is not valid.")
    when = datetime.fromtimestamp(moment, UTC) if moment is not None else None
    # A bus may be named by its ARN, arn:aws:events:{region}:{account}:event-bus/{name}.
    return Entry(bus.rsplit("event-bus/", 1)[-1], source, detail_type, detail, tuple(resources), when)


def read_entries(params: Mapping[str, Any]) -> list[Any]:
    entries = params.get("Entries")
    if not isinstance(entries, list) or not 1 <= len(entries) <= MAX_ENTRIES:
        raise RequestInvalid(
            "1 validation error detected: Value at 'entries' failed to satisfy constraint: "
            f"Member must have length less than or equal to {MAX_ENTRIES} and greater than or equal to 1"
        )
    return entries


def envelope(entry: Entry, event_id: str, region: str, account: str, now: datetime) -> dict[str, Any]:
    """The event as EventBridge hands it to a target."""
    return {
        "version": "0",
        "id": event_id,
        "detail-type": entry.detail_type,
        "source": entry.source,
        "account": account,
        "time": (entry.time or now).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": region,
        "resources": list(entry.resources),
        "detail": entry.detail,
    }
