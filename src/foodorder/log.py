"""The Powertools Logger of an execution environment: JSON lines with the service name from
POWERTOOLS_SERVICE_NAME. The one piece of observability every function uses, the authorizer included."""

from __future__ import annotations

from aws_lambda_powertools import Logger

logger = Logger()
