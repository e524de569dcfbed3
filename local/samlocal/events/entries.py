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


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _detail(raw: str) -> Any:
    """The Detail object, or None: Detail must be JSON, so NaN and Infinity are refused (Python's json accepts
    them), and so is nesting deeper than the parser recurses (EventBridge itself stops at about a thousand levels)."""
    try:
        return json.loads(raw, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        return None


def _time(moment: Any) -> datetime | EntryError | None:
    """The entry's Time (seconds since the epoch on the wire), which must name an RFC 3339 instant: a finite number
    within datetime's years 1 to 9999."""
    if moment is None:
        return None
    if isinstance(moment, int | float) and not isinstance(moment, bool):
        try:
            return datetime.fromtimestamp(moment, UTC)
        except (ValueError, OverflowError, OSError):
            pass
    return EntryError("InvalidArgument", "Parameter Time is not valid. Reason: Time must be an RFC 3339 timestamp.")


def read_entry(entry: Any) -> Entry | EntryError:
    if not isinstance(entry, Mapping):
        return EntryError("InvalidArgument", "An entry must be a structure.")
    fields = [_required(entry, name) for name in ("Source", "DetailType", "Detail")]
    failed = next((field for field in fields if isinstance(field, EntryError)), None)
    if failed is not None:
        return failed
    source, detail_type, raw_detail = (str(field) for field in fields)
    detail = _detail(raw_detail)
    if not isinstance(detail, dict):
        return EntryError("MalformedDetail", "Detail is malformed.")
    resources = entry.get("Resources", [])
    if not isinstance(resources, list) or not all(isinstance(r, str) for r in resources):
        return EntryError("InvalidArgument", "Parameter Resources is not valid. Reason: a list of ARNs is expected.")
    when = _time(entry.get("Time"))
    if isinstance(when, EntryError):
        return when
    bus = entry.get("EventBusName") or DEFAULT_BUS
    if not isinstance(bus, str):
        return EntryError("InvalidArgument", "Parameter EventBusName is not valid.")
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
