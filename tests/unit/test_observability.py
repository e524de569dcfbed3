"""Tracing costs nothing off Lambda and is there on Lambda (Tracing: Active in the template)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

PROBE = "import foodorder.observability as o, sys; print(o.tracer is not None, 'aws_xray_sdk' in sys.modules)"


@pytest.mark.parametrize(
    ("lambda_task_root", "expected"),
    [(None, "False False"), ("/var/task", "True True")],
)
def test_the_tracer_and_the_xray_sdk_are_loaded_only_in_a_lambda_environment(
    lambda_task_root: str | None, expected: str
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "LAMBDA_TASK_ROOT"}
    if lambda_task_root is not None:
        # As on Lambda, but with tracing off so that nothing is sent to a daemon.
        env |= {"LAMBDA_TASK_ROOT": lambda_task_root, "POWERTOOLS_TRACE_DISABLED": "true"}
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == expected
