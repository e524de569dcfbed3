"""Powertools Metrics and Tracer for the API functions, one of each per execution environment.

The metrics namespace comes from POWERTOOLS_METRICS_NAMESPACE, which the template sets. The Tracer exists only on
Lambda: building one imports the X-Ray SDK, whose recorder creates two botocore clients (~100 ms), and outside
Lambda Powertools would disable it anyway. So local runs and tests pay nothing for tracing."""

from __future__ import annotations

import warnings

from aws_lambda_powertools import Metrics, Tracer

from foodorder.config import running_on_lambda
from foodorder.log import logger

__all__ = ["logger", "metrics", "tracer"]

# A request that places nothing (a read, a replay, a refusal) rightly emits no metric; Powertools would warn
# about it on every such invocation and fill the function's log with noise.
warnings.filterwarnings("ignore", message="No application metrics to publish", category=UserWarning)

metrics = Metrics()
tracer: Tracer | None = Tracer() if running_on_lambda() else None
