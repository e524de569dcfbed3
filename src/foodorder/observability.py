"""Powertools Logger, Metrics and Tracer, one of each per execution environment.

Service name, metrics namespace and log level come from the POWERTOOLS_* variables the template sets.
The Tracer disables itself outside Lambda (no LAMBDA_TASK_ROOT), so local runs and tests send nothing to X-Ray."""

from __future__ import annotations

import warnings

from aws_lambda_powertools import Logger, Metrics, Tracer

# A request that places nothing (a read, a replay, a refusal) rightly emits no metric; Powertools would warn
# about it on every such invocation and fill the function's log with noise.
warnings.filterwarnings("ignore", message="No application metrics to publish", category=UserWarning)

logger = Logger()
metrics = Metrics()
tracer = Tracer()
