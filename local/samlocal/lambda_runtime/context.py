"""The context object Lambda's Python runtime hands a handler, with the attributes handlers and Powertools read."""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass
class LambdaContext:
    function_name: str
    memory_limit_in_mb: int
    invoked_function_arn: str
    aws_request_id: str
    log_group_name: str
    log_stream_name: str
    deadline: float
    function_version: str = "$LATEST"
    # Set by Lambda only for mobile SDK callers and Cognito identity pools; None otherwise, as here.
    client_context: None = None
    identity: None = None

    @classmethod
    def start(
        cls, name: str, memory: int, arn: str, request_id: str, log_stream: str, timeout_seconds: float
    ) -> LambdaContext:
        return cls(
            function_name=name,
            memory_limit_in_mb=memory,
            invoked_function_arn=arn,
            aws_request_id=request_id,
            log_group_name=f"/aws/lambda/{name}",
            log_stream_name=log_stream,
            deadline=time.monotonic() + timeout_seconds,
        )

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self.deadline - time.monotonic()) * 1000))


def function_arn(region_account: str, name: str) -> str:
    return f"arn:aws:lambda:{region_account}:function:{name}"
