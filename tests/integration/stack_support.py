"""The stack under test: the local stack as a real `foodorder-local run` process, or a deployed AWS stack.

Locally the process's output goes to a log file, which is where the identity provider writes confirmation codes
and what a failed start reports."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import boto3
import httpx
import pytest

from _support.paths import ROOT

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

BIN = Path(sys.executable).parent
FOODORDER_LOCAL = BIN / "foodorder-local"
START_TIMEOUT_SECONDS = 90.0
STOP_TIMEOUT_SECONDS = 30.0
# What a fresh shell has: the stack must not depend on the test process's environment (moto credentials,
# the Powertools settings tests/conftest.py sets for in-process handlers).
INHERITED_ENVIRONMENT = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")


def fresh_shell_environment(**extra: str) -> dict[str, str]:
    return {**{name: os.environ[name] for name in INHERITED_ENVIRONMENT if name in os.environ}, **extra}


def _descendants(pid: int) -> dict[int, bytes]:
    """Every process below `pid`, with its command line (to tell it from a later process that reuses the id)."""
    found: dict[int, bytes] = {}
    pending = [pid]
    while pending:
        parent = pending.pop()
        for children in Path(f"/proc/{parent}/task").glob("*/children"):
            for child in map(int, children.read_text().split()):
                found[child] = _command_line(child)
                pending.append(child)
    return found


def _command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


class LocalStack:
    """`foodorder-local run` on a state directory, started and stopped as `make run` and Ctrl-C/SIGTERM would:
    from the project's root, where samconfig.toml names the env-vars file, unless `project` says otherwise."""

    def __init__(self, state_dir: Path, port: int = 0, project: Path = ROOT) -> None:
        self.state_dir = state_dir
        self.port = port
        self.project = project
        self.log_path = state_dir.parent / f"{state_dir.name}.log"
        self._process: subprocess.Popen[bytes] | None = None

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def start(self) -> dict[str, str]:
        """Starts the stack and waits until it answers; returns its outputs.json."""
        outputs_path = self.state_dir / "outputs.json"
        # A previous run's outputs would otherwise pass for this run's.
        outputs_path.unlink(missing_ok=True)
        command = [str(FOODORDER_LOCAL), "run", "--port", str(self.port), "--state-dir", str(self.state_dir)]
        with self.log_path.open("ab") as log:
            # A session of its own, as a shell gives `make run`: its process group is the stack and nothing else.
            self._process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=fresh_shell_environment(),
                cwd=self.project,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not outputs_path.exists():
            self._wait_a_little(deadline, "outputs.json")
        outputs: dict[str, str] = json.loads(outputs_path.read_text())
        # outputs.json is written before the server accepts connections.
        jwks = f"{outputs['CognitoEndpoint']}/{outputs['UserPool']}/.well-known/jwks.json"
        while not _answers(jwks):
            self._wait_a_little(deadline, "the first HTTP answer")
        return outputs

    def _wait_a_little(self, deadline: float, awaited: str) -> None:
        assert self._process is not None
        if self._process.poll() is not None:
            pytest.fail(f"the local stack exited with {self._process.returncode}:\n{self.log_text()}")
        if time.monotonic() > deadline:
            self.kill()
            pytest.fail(f"no {awaited} from the local stack within {START_TIMEOUT_SECONDS}s:\n{self.log_text()}")
        time.sleep(0.1)

    def stop(self) -> int:
        """SIGTERM, then asserts a clean exit that leaves no worker process behind; returns how many it had."""
        assert self._process is not None
        workers = _descendants(self._process.pid)
        logged_before = len(self.log_text())
        self._process.send_signal(signal.SIGTERM)
        try:
            returncode = self._process.wait(STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail(f"the local stack ignored SIGTERM:\n{self.log_text()}")
        log = self.log_text()
        # uvicorn finishes its graceful shutdown and then re-raises the signal, so a clean stop may also end "killed
        # by SIGTERM" (systemd counts that as a clean exit too); the lifespan line proves the shutdown ran.
        assert returncode in (0, -signal.SIGTERM), f"exit status {returncode}:\n{log}"
        assert "Application shutdown complete." in log[logged_before:], log
        assert _leftovers(workers) == [], log
        return len(workers)

    def kill(self) -> None:
        """SIGKILL to the stack's whole process group: the server, its execution environments, the fork server."""
        if self._process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._process.pid, signal.SIGKILL)
            self._process.wait()


def _leftovers(workers: dict[int, bytes]) -> list[bytes]:
    # multiprocessing's resource tracker notices its parent's exit a moment later: a bounded grace period.
    deadline = time.monotonic() + 5
    alive = [cmd for pid, cmd in workers.items() if _command_line(pid) == cmd]
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = [cmd for pid, cmd in workers.items() if _command_line(pid) == cmd]
    return alive


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=5).status_code == 200
    except httpx.TransportError:
        return False


def port_of(outputs: dict[str, str]) -> int:
    match = re.match(r"http://[^/:]+:(\d+)/", outputs["CognitoEndpoint"])
    assert match, outputs["CognitoEndpoint"]
    return int(match.group(1))


@dataclass(frozen=True)
class Stack:
    """What the tests need of a stack: its outputs, Cognito and EventBridge clients for it, the local process if
    any."""

    outputs: dict[str, str]
    cognito: CognitoIdentityProviderClient
    local: LocalStack | None
    # A boto3 `events` client: the restaurant's side, publishing to the RestaurantBusName bus.
    events: Any = None


def local_cognito(outputs: dict[str, str]) -> CognitoIdentityProviderClient:
    # Any credentials: the local identity provider does not check signatures.
    return boto3.client(
        "cognito-idp",
        endpoint_url=outputs["CognitoEndpoint"],
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


def local_events(outputs: dict[str, str]) -> Any:
    # Any credentials: the local EventBridge does not check signatures.
    return boto3.client(
        "events",
        endpoint_url=outputs["EventsEndpoint"],
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


def deployed_stack(stack_name: str) -> Stack:
    """A stack deployed with `sam deploy`: outputs from CloudFormation, Cognito's API. Credentials come from a named
    profile (FOODORDER_AWS_PROFILE, default "default"), since tests/conftest.py sets moto's dummy keys in the
    environment and an explicit profile is what makes boto3 look past them. Endpoints are boto3's own choice, so
    AWS_ENDPOINT_URL points the whole suite at an AWS emulator (`make test-deployed`)."""
    session = boto3.Session(
        profile_name=os.environ.get("FOODORDER_AWS_PROFILE", "default"),
        region_name=os.environ.get("FOODORDER_AWS_REGION", "us-east-1"),
    )
    cloudformation: Any = session.client("cloudformation")
    described = cloudformation.describe_stacks(StackName=stack_name)
    outputs = {output["OutputKey"]: output["OutputValue"] for output in described["Stacks"][0]["Outputs"]}
    engine = cloudformation.meta.endpoint_url
    served = {key: served_address(value, engine) for key, value in outputs.items()}
    # An emulator's EventBridge is named by FOODORDER_EVENTS_ENDPOINT; on AWS, boto3 finds the regional one.
    events = session.client("events", endpoint_url=os.environ.get("FOODORDER_EVENTS_ENDPOINT") or None)
    return Stack(outputs=served, cognito=session.client("cognito-idp"), local=None, events=events)


_EXECUTE_API = re.compile(r"^https://(?P<api>[a-z0-9]+)\.execute-api\.[a-z0-9-]+\.amazonaws\.com(?P<rest>/.*)?$")


def served_address(value: str, engine: str) -> str:
    """Where an API the outputs name is reached. On AWS, at the address in the output. An emulator cannot serve
    API Gateway's host names: MiniStack, like LocalStack, serves each API at {engine}/_aws/execute-api/{apiId}/
    {stage}/..., while the outputs keep the AWS address (the template builds it with !Sub)."""
    api = _EXECUTE_API.match(value)
    if api is None or urllib.parse.urlsplit(engine).hostname.endswith(".amazonaws.com"):  # type: ignore[union-attr]
        return value
    return f"{engine.rstrip('/')}/_aws/execute-api/{api.group('api')}{api.group('rest') or ''}"
