"""The event-delivery tests' target: fails while a `hold` file is in the project, else records the event's id."""

from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent


def handler(event: dict[str, Any], context: Any) -> None:
    if (PROJECT / "hold").exists():
        raise RuntimeError("held")
    with (PROJECT / "delivered.txt").open("a") as delivered:
        delivered.write(f"{event['source']} {event['id']}\n")
