"""Powertools Logger, Metrics and Tracer, one of each per execution environment.

Service name, metrics namespace and log level come from the POWERTOOLS_* variables the template sets.
The Tracer disables itself outside Lambda (no LAMBDA_TASK_ROOT), so local runs and tests send nothing to X-Ray."""

from __future__ import annotations

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger()
metrics = Metrics()
tracer = Tracer()
