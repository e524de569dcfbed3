"""`make bench`: the local stack against its ceilings, in one run on this machine.

Starts a bare ASGI "hello" app on the same uvicorn (the ceiling), an app that only forwards each request to a worker
process and back (forward.py: the process boundary, the limit of a process-per-function design) and the local stack
(`foodorder-local run` on a free port and a throwaway state directory), drives them with wrk, and prints one table in
which every figure sits next to its ceiling or baseline from the same run, as a ratio. Writes the same as JSON under
benchmarks/results/ with the date, the core count and the versions. Figures only, no pass/fail: a test never asserts
on time.

Run: `make bench`, or `.venv/bin/python benchmarks/bench.py [--seconds S] [--soak S]`."""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import httpx

import dynamodb_calls
import handler_layers
import import_time
import list_page
from harness import (
    ROOT,
    Load,
    Served,
    ceiling_app,
    cpu_seconds,
    ensure_wrk,
    local_stack,
    per_request_cpu,
    pss_mib,
    tree,
    wrk,
)
from scenario import Person, add_orders, call_line, fresh_tokens, order_body, person, timed, write_lines

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
Row = dict[str, Any]


class Runner:
    """wrk runs against one server, with request files in `work`."""

    def __init__(self, served: Served, work: Path, seconds: float) -> None:
        self.served, self.work, self.seconds = served, work, seconds
        self._runs = 0

    def load(self, calls: list[str], tokens: list[str], connections: int, seconds: float | None = None) -> Load:
        self._runs += 1
        calls_file = write_lines(self.work / f"calls-{self._runs}.txt", calls)
        tokens_file = write_lines(self.work / f"tokens-{self._runs}.txt", tokens)
        env = {"BENCH_CALLS": str(calls_file), "BENCH_TOKENS": str(tokens_file), "BENCH_PREFIX": f"r{self._runs}"}
        before = cpu_seconds(tree(self.served.pid))
        load = wrk(self.served.base_url, connections, seconds or self.seconds, HERE / "load.lua", env)
        return per_request_cpu(self.served.pid, before, load)


def during(action: Callable[[], Load], sample: Callable[[], float], at: float) -> tuple[Load, float]:
    """`action`'s load, and `sample()` taken `at` seconds into it (memory under load)."""
    sampled: list[float] = []
    timer = threading.Timer(at, lambda: sampled.append(sample()))
    timer.start()
    try:
        return action(), sampled[0] if sampled else float("nan")
    finally:
        timer.cancel()


def cold_starts(stack: Served, alice: Person, orders: str, users: str) -> list[Row]:
    """Each function's first request after start (its environment's cold start) against the same request warm."""
    calls = [
        ("CreateOrder", "POST", orders, order_body("cold-0")),
        ("GetOrder", "GET", f"{orders}/cold-0", None),
        ("ListOrders", "GET", orders, None),
        ("EditOrder", "PUT", f"{orders}/cold-0", order_body("cold-0")),
        # A token the authorizer refuses: the Authorizer function runs alone (401), Users stays cold.
        ("Authorizer", "GET", f"{users}/{alice.sub}", alice.token[:-4] + "AAAA"),
        ("Users", "PUT", f"{users}/{alice.sub}", json.dumps({"name": "Alice"})),
        ("CancelOrder", "DELETE", f"{orders}/cold-0", None),
    ]
    rows = []
    with httpx.Client(base_url=stack.base_url, timeout=60, trust_env=False) as client:
        for function, method, path, body in calls:
            token = body if function == "Authorizer" else alice.token
            payload = None if function == "Authorizer" else body
            _, cold = timed(client, method, path, token or alice.token, payload)
            warm = []
            for _ in range(20):
                if function == "CancelOrder":
                    break  # a cancelled order cannot be cancelled again; the cold figure stands alone
                warm.append(timed(client, method, path, token or alice.token, payload)[1])
            median = statistics.median(warm) if warm else float("nan")
            rows.append(
                {
                    "function": function,
                    "first_ms": cold,
                    "warm_p50_ms": median,
                    "cold_start_ms": cold - median if warm else cold,
                }
            )
    return rows


class Ceiling:
    """A ceiling app, measured again right before each figure it is the ceiling of: on a shared machine the load of
    other work changes within a run, and a ratio should compare two measurements taken under the same."""

    def __init__(self, runner: Runner) -> None:
        self.runner = runner

    def load(self, connections: int, seconds: float | None = None) -> Load:
        return self.runner.load([call_line("GET", "/")], ["none"], connections, seconds)


def throughput(
    ceiling: Ceiling, boundary: Ceiling, runner: Runner, cases: dict[str, tuple[list[str], list[str]]]
) -> list[Row]:
    rows = []
    for label, (calls, tokens) in cases.items():
        for connections in (1, 16):
            bare = ceiling.load(connections)
            forwarded = boundary.load(connections)
            load = runner.load(calls, tokens, connections)
            rows.append(
                {
                    "request": label,
                    "connections": connections,
                    **load.as_dict(),
                    "ceiling": bare.as_dict(),
                    "ratio": load.requests_per_second / bare.requests_per_second,
                    "boundary": forwarded.as_dict(),
                    "boundary_ratio": load.requests_per_second / forwarded.requests_per_second,
                }
            )
    return rows


def soak(runner: Runner, calls: list[str], token: str, seconds: float) -> Row:
    """Mixed traffic at 16 connections; memory sampled every 5 s, growth measured over the second half."""
    samples: list[tuple[float, float]] = []
    stop = threading.Event()
    start = time.monotonic()

    def sample() -> None:
        while not stop.wait(5):
            samples.append((time.monotonic() - start, pss_mib(runner.served.pid)[1]))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        load = runner.load(calls, [token], 16, seconds)
    finally:
        stop.set()
        sampler.join()
    second_half = [pss for at, pss in samples if at >= seconds / 2]
    growth = (second_half[-1] - second_half[0]) / second_half[0] if len(second_half) > 1 else float("nan")
    return {**load.as_dict(), "seconds": seconds, "pss_mib": [pss for _, pss in samples], "growth": growth}


def main(seconds: float, soak_seconds: float) -> None:
    ensure_wrk()
    result: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "versions": versions(),
        "seconds": seconds,
    }
    with tempfile.TemporaryDirectory(prefix="foodorder-bench-") as tmp:
        work = Path(tmp)
        with ceiling_app("hello", work) as hello, ceiling_app("forward", work) as forward:
            ceiling = Ceiling(Runner(hello, work, seconds))
            boundary = Ceiling(Runner(forward, work, seconds))
            first = {c: ceiling.load(c) for c in (1, 16)}
            _, hello_pss = during(lambda: ceiling.load(16, 2), lambda: pss_mib(hello.pid)[1], 1)
            result["ceiling"] = {str(c): load.as_dict() for c, load in first.items()} | {"pss_mib": hello_pss}
            state_dir = work / "state"
            with local_stack(state_dir) as stack:
                result |= measure_stack(stack, state_dir, work, (ceiling, boundary), seconds, soak_seconds)
    result["list_page_us_per_order"] = list_page.measure()
    result["get_order_layers_us"] = handler_layers.measure()
    result["dynamodb_calls"] = dynamodb_calls.measure()
    result["import_ms"] = import_time.measure_all(5)
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"bench-{result['date'].replace(':', '')}.json"
    path.write_text(json.dumps(result, indent=2) + "\n")
    from report import table

    print(table(result))
    print(f"\nwritten to {path.relative_to(ROOT)}")


def measure_stack(
    stack: Served, state_dir: Path, work: Path, ceilings: tuple[Ceiling, Ceiling], seconds: float, soak_seconds: float
) -> dict[str, Any]:
    ceiling, boundary = ceilings
    orders, users = "/OrdersApi/Prod/orders", "/UsersApi/Prod/users"
    alice, few, page, many = (person(stack, state_dir, name) for name in ("alice", "few", "page", "many"))
    found: dict[str, Any] = {"cold_starts": cold_starts(stack, alice, orders, users)}
    runner = Runner(stack, work, seconds)
    runner.load([call_line("GET", f"{orders}/cold-0")], [alice.token], 16, 1)  # every environment started
    get_order = ([call_line("GET", f"{orders}/cold-0")], [alice.token])
    _, stack_pss = during(lambda: runner.load(*get_order, 16), lambda: pss_mib(stack.pid)[1], seconds / 2)
    found["stack"] = {"processes": pss_mib(stack.pid)[0], "pss_mib": stack_pss}
    cases = {
        "GET /orders/{orderId}": get_order,
        "POST /orders (fresh ids)": ([call_line("POST", orders, order_body("{n}"))], [alice.token]),
        "GET /users/{userid}, authorizer cached": ([call_line("GET", f"{users}/{alice.sub}")], [alice.token]),
        "GET /users/{userid}, authorizer invoked": (
            [call_line("GET", f"{users}/{alice.sub}")],
            fresh_tokens(state_dir, alice.token, 4000),
        ),
    }
    found["throughput"] = throughput(ceiling, boundary, runner, cases)
    counts = {"10": few, "50": page, "10000": many}
    for count, owner in counts.items():
        add_orders(state_dir, owner.sub, int(count))
    listing = {
        count: runner.load([call_line("GET", f"{orders}?limit=50")], [owner.token], 1)
        for count, owner in counts.items()
    }
    found["list_scaling"] = {count: load.as_dict() for count, load in listing.items()} | {
        "p50_ratio": listing["10000"].p50_ms / listing["10"].p50_ms,
        # The same page of 50 either way: what the total number of orders alone costs.
        "p50_ratio_same_page": listing["10000"].p50_ms / listing["50"].p50_ms,
    }
    mixed = [
        call_line("GET", f"{orders}/cold-0"),
        call_line("POST", orders, order_body("{n}")),
        call_line("GET", f"{orders}?limit=10"),
        call_line("GET", f"{users}/{alice.sub}"),
    ]
    found["soak"] = soak(runner, mixed, alice.token, soak_seconds) | {"ceiling": ceiling.load(16).as_dict()}
    return found


def versions() -> dict[str, str]:
    names = ["uvicorn", "httptools", "uvloop", "orjson", "aws-lambda-powertools", "boto3", "pyjwt", "cryptography"]
    found = {}
    for name in names:
        try:
            found[name] = version(name)
        except Exception:  # noqa: S112 - not installed: not listed
            continue
    return found


if __name__ == "__main__":
    arguments = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    arguments.add_argument("--seconds", type=float, default=5, help="length of each wrk run (default 5)")
    arguments.add_argument("--soak", type=float, default=60, help="length of the mixed-traffic soak (default 60)")
    parsed = arguments.parse_args()
    main(parsed.seconds, parsed.soak)
