"""`make test-deployed`: the template deployed into MiniStack as a user deploys it, then the integration suite run
against the deployed stack by its name; and, first, the DynamoDB adapter's storage contracts on MiniStack's DynamoDB.

MiniStack listens on 127.0.0.1 only, on a free port, with a fresh state directory, and is stopped whatever
happens. The deployment is `make deploy` (sam build, sam deploy) with nothing changed but what points it at the
emulator: AWS_ENDPOINT_URL, a throwaway profile of dummy credentials, Architecture=x86_64 (MiniStack runs functions
on its own interpreter, on this machine's CPU) and no change-set prompt."""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STACK_NAME = "foodorder"  # samconfig.toml's, as `make deploy` uses it
PROFILE = "ministack"
REGION = "us-east-1"
START_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 20.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def ministack_environment(work: Path, port: int) -> dict[str, str]:
    """What MiniStack reads (see its app.py and core/persistence.py): loopback, this port, state and S3 data in the
    work directory and nothing persisted, no IoT mTLS listener on a second port."""
    inherited = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    for directory in ("state", "s3", "tmp"):
        (work / directory).mkdir()
    return inherited | {
        "GATEWAY_PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "MINISTACK_REGION": REGION,
        "PERSIST_STATE": "0",
        "STATE_DIR": str(work / "state"),
        "S3_PERSIST": "0",
        "S3_DATA_DIR": str(work / "s3"),
        "TMPDIR": str(work / "tmp"),
        "IOT_MTLS_ENABLED": "0",
        "SFTP_ENABLED": "0",
    }


@contextmanager
def ministack(executable: str, work: Path) -> Iterator[str]:
    """A running MiniStack; yields its endpoint. Its whole process group is stopped on the way out."""
    port = free_port()
    log = (work / "ministack.log").open("wb")
    process = subprocess.Popen(  # noqa: S603 - our own venv's console script
        [executable],
        env=ministack_environment(work, port),
        cwd=work,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(process, endpoint, work / "ministack.log")
        yield endpoint
    finally:
        stop(process)
        log.close()


def wait_until_healthy(process: subprocess.Popen[bytes], endpoint: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while True:
        if process.poll() is not None:
            raise SystemExit(f"MiniStack exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{endpoint}/_ministack/health", timeout=5):  # noqa: S310 - loopback http
                return
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                raise SystemExit(f"MiniStack did not answer within {START_TIMEOUT_SECONDS}s") from None
            time.sleep(0.2)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the group MiniStack leads (its function workers too), SIGKILL if it lingers."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def aws_profile(work: Path, endpoint: str) -> dict[str, str]:
    """A throwaway profile of dummy credentials, and the emulator's endpoint for every service."""
    (work / "config").write_text(f"[profile {PROFILE}]\nregion = {REGION}\n")
    (work / "credentials").write_text(f"[{PROFILE}]\naws_access_key_id = test\naws_secret_access_key = test\n")
    return {
        "AWS_CONFIG_FILE": str(work / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(work / "credentials"),
        "AWS_ENDPOINT_URL": endpoint,
        "SAM_CLI_TELEMETRY": "0",
    }


def run(command: list[str], environment: dict[str, str]) -> tuple[int, float]:
    started = time.monotonic()
    returncode = subprocess.run(command, cwd=ROOT, env=os.environ | environment, check=False).returncode  # noqa: S603
    return returncode, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ministack", required=True, help="the ministack executable")
    parser.add_argument(
        "pytest_args", nargs="*", help="more pytest arguments for the integration suite, after --: a -k selection, say"
    )
    arguments = parser.parse_args()
    # A cancelled CI job sends SIGTERM: exit through the `finally`s below, which stop MiniStack.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    executable = str(Path(arguments.ministack).resolve())
    work = Path(tempfile.mkdtemp(prefix="foodorder-ministack-"))
    succeeded = False
    try:
        with ministack(executable, work) as endpoint:
            aws = aws_profile(work, endpoint)
            # The storage contracts of the DynamoDB adapter on an engine that makes conditional writes atomic, as
            # DynamoDB does (moto, which runs them in `make test`, does not): the races included.
            contracts = [sys.executable, "-m", "pytest", "tests/contract", "-p", "no:cacheprovider", "-q"]
            contracts += ["-k", "dynamodb and not layout"]
            contract_status, contract_seconds = run(contracts, aws | {"FOODORDER_DYNAMODB_ENGINE": "ministack"})
            print(f"test-deployed: storage contracts on MiniStack's DynamoDB: {contract_seconds:.1f}s", flush=True)
            make = shutil.which("make") or "make"
            deploy = [make, "deploy", "PARAMETERS=Architecture=x86_64", "DEPLOY_ARGS=--no-confirm-changeset"]
            status, deploy_seconds = run(deploy, aws | {"AWS_PROFILE": PROFILE})
            print(f"test-deployed: make deploy into MiniStack: {deploy_seconds:.1f}s (exit {status})", flush=True)
            if status != 0:
                return status
            suite = [sys.executable, "-m", "pytest", "tests/integration", "-p", "no:cacheprovider", "-rxX"]
            suite += arguments.pytest_args
            deployed = {"FOODORDER_STACK_NAME": STACK_NAME, "FOODORDER_AWS_PROFILE": PROFILE}
            status, suite_seconds = run(suite, aws | deployed | {"FOODORDER_ENGINE": "ministack"})
            print(f"test-deployed: integration suite on the deployed stack: {suite_seconds:.1f}s", flush=True)
            succeeded = status == contract_status == 0
            return status or contract_status
    finally:
        if not succeeded and (work / "ministack.log").exists():
            print(f"test-deployed: MiniStack's log is kept in {work / 'ministack.log'}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
