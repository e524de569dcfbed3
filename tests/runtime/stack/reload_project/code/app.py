"""The hot-reload tests' function: answers which version of its code runs, after sleeping if asked to."""

import json
import os
import time
from typing import Any

VERSION = 1


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    time.sleep(float((event.get("queryStringParameters") or {}).get("sleep", 0)))
    body = {"version": VERSION, "greeting": os.environ.get("GREETING")}
    return {"statusCode": 200, "body": json.dumps(body)}
