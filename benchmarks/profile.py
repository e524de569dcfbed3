"""Where the time goes: py-spy flame graphs of the gateway and of one execution environment while wrk sends
authenticated GET /orders/{orderId} at 16 connections to a fresh local stack.

Run: `.venv/bin/python benchmarks/profile.py [seconds]`; writes benchmarks/results/profile-{gateway,worker}.svg.
py-spy needs ptrace (root, or kernel.yama.ptrace_scope=0)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

from harness import BIN, HERE, local_stack, tree, wrk
from scenario import call_line, order_body, person, write_lines


def parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def command(pid: int) -> bytes:
    return Path(f"/proc/{pid}/cmdline").read_bytes()


def main(seconds: int) -> None:
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="foodorder-profile-") as tmp, local_stack(Path(tmp) / "state") as stack:
        alice = person(stack, Path(tmp) / "state", "alice")
        with httpx.Client(base_url=stack.base_url, trust_env=False) as client:
            created = client.post(
                "/OrdersApi/Prod/orders", content=order_body("p-1"), headers={"Authorization": alice.token}
            )
            created.raise_for_status()
        env = {
            "BENCH_CALLS": str(write_lines(Path(tmp) / "calls", [call_line("GET", "/OrdersApi/Prod/orders/p-1")])),
            "BENCH_TOKENS": str(write_lines(Path(tmp) / "tokens", [alice.token])),
        }
        wrk(stack.base_url, 16, 2, HERE / "load.lua", env)  # every environment started
        # The stack itself, and an execution environment: a child of the fork server, itself a child of the stack.
        fork_server = next(pid for pid in tree(stack.pid) if parent(pid) == stack.pid and b"forkserver" in command(pid))
        targets = {"gateway": stack.pid, "worker": next(pid for pid in tree(stack.pid) if parent(pid) == fork_server)}
        spies = [
            subprocess.Popen(
                [
                    str(BIN / "py-spy"),
                    "record",
                    "--pid",
                    str(pid),
                    "--duration",
                    str(seconds),
                    "--output",
                    str(results / f"profile-{name}.svg"),
                    "--nonblocking",
                ]
            )
            for name, pid in targets.items()
        ]
        print(wrk(stack.base_url, 16, seconds + 2, HERE / "load.lua", env))
        for spy in spies:
            spy.wait()
    print(f"flame graphs in {results}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
