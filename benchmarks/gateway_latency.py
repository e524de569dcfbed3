"""Latency of the whole local stack over loopback HTTP, to compare with `sam local start-api` (issue 5).

Starts `foodorder-local run` on a free port with a throwaway state directory, creates a user, and measures: cold
starts (a function's first request spawns its execution environment, which imports the handler); sequential warm
requests on one keep-alive connection, as SDKs send them; the TOKEN authorizer when its result is not cached (a
fresh token each time); bursts of concurrent requests, first while they spawn environments, then warm against the
same requests sent one after another (speedup = serial / concurrent wall time); Cognito sign-in with boto3; the
memory of the stack's process tree. Figures only, no pass/fail: on a shared machine they are noisy.
Run: `.venv/bin/python benchmarks/gateway_latency.py [--requests N] [--concurrency K]`."""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import httpx
from botocore.config import Config

CLI = str(Path(sys.executable).with_name("foodorder-local"))
EMAIL = "bench@example.com"
PASSWORD = "Passw0rd!"  # noqa: S105 - the benchmark user of a throwaway stack
SIGN_INS = 20
START_SECONDS = 30.0
REQUEST_SECONDS = 30.0
BUDGET_SECONDS = 120.0
BIG_ORDER = 100  # items: SPEC.md's maximum, so that the function's own work outweighs the gateway's

Rows = list[tuple[str, list[float]]]
Call = tuple[str, str, int, Any]  # method, URL, expected status, JSON body


class Budget:
    """The whole run's time bound: every loop checks it, so a stalled stack cannot keep the benchmark going."""

    def __init__(self, seconds: float) -> None:
        self._end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self._end:
            raise TimeoutError(f"the benchmark ran over its {BUDGET_SECONDS:.0f} s budget")


@contextmanager
def local_stack(state_dir: Path, budget: Budget) -> Iterator[tuple[int, dict[str, str]]]:
    """The stack's pid and outputs.json; the stack is stopped on the way out, whatever happened."""
    log_path = state_dir / "stack.log"
    with log_path.open("wb") as log:
        command = [CLI, "run", "--port", "0", "--state-dir", str(state_dir)]
        # Its own session, so that a stack ignoring SIGTERM can be killed with every worker it spawned.
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            yield process.pid, wait_for_outputs(process, state_dir, budget)
        except BaseException:
            print("last lines of the stack's log:", *log_path.read_text().splitlines()[-20:], sep="\n  ")
            raise
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_for_outputs(process: subprocess.Popen[bytes], state_dir: Path, budget: Budget) -> dict[str, str]:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        budget.check()
        if process.poll() is not None:
            raise RuntimeError(f"the stack exited with code {process.returncode} before writing outputs.json")
        if (state_dir / "outputs.json").is_file():
            outputs: dict[str, str] = json.loads((state_dir / "outputs.json").read_text())
            return outputs
        time.sleep(0.05)
    raise TimeoutError(f"no outputs.json after {START_SECONDS:.0f} s")


def create_user(state_dir: Path) -> str:
    command = [CLI, "create-user", EMAIL, "--name", "Bench", "--password", PASSWORD, "--state-dir", str(state_dir)]
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=REQUEST_SECONDS).stdout.strip()


def sign_ins(outputs: dict[str, str], budget: Budget) -> tuple[list[float], list[str]]:
    """Latencies of USER_PASSWORD_AUTH, and the ID tokens it returned: each one new to the authorizer cache."""
    client = boto3.client(
        "cognito-idp",
        endpoint_url=outputs["CognitoEndpoint"],
        region_name=outputs["UserPool"].split("_")[0],
        aws_access_key_id="local",
        aws_secret_access_key="local",  # noqa: S106 - the local identity provider accepts any credentials
        config=Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=REQUEST_SECONDS),
    )
    latencies, tokens = [], []
    for _ in range(SIGN_INS):
        budget.check()
        start = time.perf_counter()
        result = client.initiate_auth(
            AuthFlow="USER_PASSWORD_AUTH",
            ClientId=outputs["UserPoolClient"],
            AuthParameters={"USERNAME": EMAIL, "PASSWORD": PASSWORD},
        )
        latencies.append(elapsed_ms(start))
        tokens.append(result["AuthenticationResult"]["IdToken"])
    return latencies, tokens


def elapsed_ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def order(order_id: str, items: int = 1) -> dict[str, Any]:
    lines = [{"id": index, "name": f"Dish {index}", "price": 9.99, "quantity": 1} for index in range(1, items + 1)]
    return {"restaurantId": 1, "orderId": order_id, "orderItems": lines, "totalAmount": 9.99 * items}


class Api:
    """Timed requests; a status other than the expected one stops the run (an error's latency means nothing)."""

    def __init__(self, client: httpx.Client, outputs: dict[str, str], token: str, budget: Budget) -> None:
        self.client, self.token, self.budget = client, token, budget
        self.orders = outputs["OrdersServiceEndpoint"] + "/orders"
        self.users = outputs["APIEndpoint"] + "/users"

    def call(self, method: str, url: str, expected: int, body: Any = None, token: str | None = None) -> float:
        start = time.perf_counter()
        response = self.client.request(method, url, json=body, headers={"Authorization": token or self.token})
        latency = elapsed_ms(start)
        if response.status_code != expected:
            raise RuntimeError(f"{method} {url}: {response.status_code} {response.text[:200]}, not {expected}")
        return latency

    def serial(self, calls: list[Call]) -> list[float]:
        latencies = []
        for call in calls:
            self.budget.check()
            latencies.append(self.call(*call))
        return latencies


def cold_and_warm(api: Api, sub: str, tokens: list[str], requests: int) -> Rows:
    me, order_url = f"{api.users}/{sub}", f"{api.orders}/bench-0"
    rows: Rows = [
        ("cold POST /orders (spawns CreateOrder)", [api.call("POST", api.orders, 200, order("bench-0"))]),
        ("cold GET /orders/{id} (spawns GetOrder)", [api.call("GET", order_url, 200)]),
        # No profile yet, so 404: still a whole run of the authorizer and the function, both spawned here.
        ("cold GET /users/{sub} (spawns Authorizer, Users)", [api.call("GET", me, 404)]),
    ]
    api.call("PUT", me, 200, {"name": "Bench"})
    rows.append(("warm GET /orders/{id}", api.serial([("GET", order_url, 200, None)] * requests)))
    rows.append(("warm GET /users/{sub}, authorizer result cached", api.serial([("GET", me, 200, None)] * requests)))
    fresh = []
    for token in tokens[1:]:
        api.budget.check()
        fresh.append(api.call("GET", me, 200, None, token))
    return [*rows, ("warm GET /users/{sub}, authorizer invoked", fresh)]


@dataclass(frozen=True)
class Burst:
    label: str
    wall: float
    latencies: list[float]
    serial: float | None = None  # wall time of the same number of requests sent one after another


def bursts(api: Api, concurrency: int) -> list[Burst]:
    def posts(tag: str) -> list[Call]:
        return [("POST", api.orders, 200, order(f"{tag}-{index}", BIG_ORDER)) for index in range(concurrency)]

    def gets(_: str) -> list[Call]:  # the orders the first POST burst created
        return [("GET", f"{api.orders}/spawn-{index}", 200, None) for index in range(concurrency)]

    results = []
    with ThreadPoolExecutor(max_workers=concurrency) as pool:

        def concurrent(calls: list[Call]) -> tuple[float, list[float]]:
            api.budget.check()
            start = time.perf_counter()
            latencies = list(pool.map(lambda call: api.call(*call), calls))
            return elapsed_ms(start), latencies

        for label, calls in (("POST /orders", posts), ("GET /orders/{id}", gets)):
            results.append(Burst(f"{label}, spawning environments", *concurrent(calls("spawn"))))
            serial = sum(api.serial(calls("serial")))
            results.append(Burst(f"{label}, warm", *concurrent(calls("warm")), serial=serial))
    return results


def tree_memory_kib(root: int) -> tuple[int, int, int]:
    """Processes in the stack's tree, and the sums of their peak RSS (VmHWM) and current RSS (VmRSS), from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            children.setdefault(int(stat.read_text().rsplit(")", 1)[1].split()[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue  # exited while we looked
    tree, pending, peak, now = 0, [root], 0, 0
    while pending:
        pid = pending.pop()
        pending.extend(children.get(pid, []))
        try:
            status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
        except OSError:
            continue  # exited while we looked
        tree, peak, now = tree + 1, peak + int(status["VmHWM"].split()[0]), now + int(status["VmRSS"].split()[0])
    return tree, peak, now


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def report(rows: Rows, concurrent: list[Burst], memory: tuple[int, int, int]) -> None:
    print(f"{'request':50} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, samples in rows:
        p50, p95 = percentile(samples, 0.5), percentile(samples, 0.95)
        print(f"{label:50} {len(samples):4} {p50:8.1f} {p95:8.1f} {max(samples):8.1f}")
    print(f"\n{'concurrent burst':50} {'n':>4} {'wall ms':>8} {'sum ms':>8} {'serial':>8} {'speedup':>8}")
    for burst in concurrent:
        serial = f"{burst.serial:8.1f} {burst.serial / burst.wall:8.2f}" if burst.serial else f"{'-':>8} {'-':>8}"
        print(f"{burst.label:50} {len(burst.latencies):4} {burst.wall:8.1f} {sum(burst.latencies):8.1f} {serial}")
    count, peak, now = memory
    print(f"\nstack process tree, {count} processes: peak RSS {peak / 1024:.0f} MiB, RSS now {now / 1024:.0f} MiB")


def main(requests: int, concurrency: int) -> None:
    budget = Budget(BUDGET_SECONDS)
    with tempfile.TemporaryDirectory(prefix="foodorder-bench-") as tmp, local_stack(Path(tmp), budget) as (pid, out):
        sub = create_user(Path(tmp))
        sign_in_latencies, tokens = sign_ins(out, budget)
        # trust_env=False: no proxy from the environment, so the traffic stays on loopback.
        with httpx.Client(timeout=REQUEST_SECONDS, trust_env=False) as client:
            api = Api(client, out, tokens[0], budget)
            rows = cold_and_warm(api, sub, tokens, requests)
            concurrent = bursts(api, concurrency)
        rows.append(("Cognito initiate_auth (boto3, USER_PASSWORD_AUTH)", sign_in_latencies))
        memory = tree_memory_kib(pid)
    report(rows, concurrent, memory)


if __name__ == "__main__":
    arguments = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    arguments.add_argument("--requests", type=int, default=200, help="sequential warm requests per route (1-10000)")
    arguments.add_argument("--concurrency", type=int, default=8, help="requests per concurrent burst (1-64)")
    parsed = arguments.parse_args()
    if not (1 <= parsed.requests <= 10_000 and 1 <= parsed.concurrency <= 64):
        arguments.error("--requests must be within 1-10000 and --concurrency within 1-64")
    main(parsed.requests, parsed.concurrency)
