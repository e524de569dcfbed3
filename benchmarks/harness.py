"""The processes a benchmark drives: the local stack and the bare ceiling app, each in a session of its own that is
killed whole on the way out whatever happened; their memory (PSS, so shared pages count once); and wrk."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
START_SECONDS = 60.0
STOP_SECONDS = 10.0


@dataclass(frozen=True)
class Served:
    pid: int
    base_url: str
    outputs: dict[str, str]


@contextmanager
def _session(command: list[str], log_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`command` in a new session (its own process group); SIGTERM then SIGKILL to the whole group on exit."""
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT)
        try:
            yield process
        except BaseException:
            print(f"last lines of {log_path}:", *log_path.read_text(errors="replace").splitlines()[-20:], sep="\n  ")
            raise
        finally:
            _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=STOP_SECONDS)
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # whatever it left behind: workers, the fork server
    process.wait()


def _wait_for(path: Path, process: subprocess.Popen[bytes]) -> str:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with code {process.returncode} before writing {path}")
        if path.is_file() and (text := path.read_text()):
            return text
        time.sleep(0.05)
    raise TimeoutError(f"no {path} after {START_SECONDS:.0f} s")


@contextmanager
def local_stack(state_dir: Path) -> Iterator[Served]:
    """`foodorder-local run` on a free port, as `make run` starts it."""
    command = [str(BIN / "foodorder-local"), "run", "--port", "0", "--state-dir", str(state_dir)]
    with _session(command, state_dir.parent / "stack.log") as process:
        outputs = json.loads(_wait_for(state_dir / "outputs.json", process))
        yield Served(process.pid, outputs["CognitoEndpoint"].rsplit("/", 1)[0], outputs)


@contextmanager
def ceiling_app(name: str, work_dir: Path) -> Iterator[Served]:
    """benchmarks/{name}.py (hello: the bare app; forward: the process boundary) on a free port."""
    port_file = work_dir / f"{name}.port"
    with _session([sys.executable, str(HERE / f"{name}.py"), str(port_file)], work_dir / f"{name}.log") as process:
        port = _wait_for(port_file, process)
        yield Served(process.pid, f"http://127.0.0.1:{port}", {})


def tree(root: int) -> list[int]:
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        for children in Path(f"/proc/{pid}/task").glob("*/children"):
            try:
                pending.extend(map(int, children.read_text().split()))
            except OSError:
                continue  # exited while we looked
    return found


def pss_mib(root: int) -> tuple[int, float]:
    """The number of processes under `root` (itself included) and their summed proportional set size."""
    total_kib, count = 0, 0
    for pid in tree(root):
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        match = re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE)
        if match:
            total_kib, count = total_kib + int(match.group(1)), count + 1
    return count, total_kib / 1024


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int  # socket errors, timeouts and answers other than 2xx/3xx
    # CPU time per request of the server's own process, and of every process below it (execution environments).
    server_cpu_ms: float = 0.0
    children_cpu_ms: float = 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "rps": self.requests_per_second,
            "p50_ms": self.p50_ms,
            "p99_ms": self.p99_ms,
            "requests": self.requests,
            "errors": self.errors,
            "server_cpu_ms": self.server_cpu_ms,
            "children_cpu_ms": self.children_cpu_ms,
        }


_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User plus system CPU time of each process, from /proc/{pid}/stat."""
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # exited while we looked
        found[pid] = (int(fields[11]) + int(fields[12])) / _TICKS
    return found


def per_request_cpu(root: int, before: dict[int, float], load: Load) -> Load:
    """`load` with the CPU the server and its children spent on it since `before`, per request (a child started
    during the run counts from zero)."""
    after = cpu_seconds(tree(root))
    spent = {pid: after[pid] - before.get(pid, 0.0) for pid in after}
    server = spent.pop(root, 0.0)
    requests = max(load.requests, 1)
    return replace(load, server_cpu_ms=server * 1000 / requests, children_cpu_ms=sum(spent.values()) * 1000 / requests)


def ensure_wrk() -> str:
    """wrk from Debian's package, installed when missing (the benchmark needs root or an installed wrk)."""
    found = shutil.which("wrk")
    if found:
        return found
    print("installing wrk (apt-get)", flush=True)
    apt = shutil.which("apt-get") or "/usr/bin/apt-get"
    subprocess.run([apt, "update", "-qq"], check=True)
    subprocess.run([apt, "install", "-y", "-qq", "wrk"], check=True)
    return shutil.which("wrk") or "wrk"


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def wrk(url: str, connections: int, seconds: float, script: Path, env: dict[str, str] | None = None) -> Load:
    """One wrk run (one thread, so wrk takes one core at most) with a Lua script setting the requests."""
    command = [ensure_wrk(), "-t1", f"-c{connections}", f"-d{round(seconds)}s", "--latency", "-s", str(script), url]
    output = subprocess.run(
        command, check=True, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=seconds + 30
    ).stdout
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    if set(percentiles) != {"50", "99"}:
        raise RuntimeError(f"wrk printed no latency distribution:\n{output}")
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = sum(map(int, socket_errors.groups())) if socket_errors else 0
    return Load(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        p50_ms=_ms(percentiles["50"]),
        p99_ms=_ms(percentiles["99"]),
        requests=requests,
        errors=errors + (int(non_2xx.group(1)) if non_2xx else 0),
    )


def median_micros(action: Callable[[], Any], calls: int, rounds: int) -> float:
    """Microseconds per call of `action`: the median of `rounds` rounds of `calls` calls, after a warm-up."""
    for _ in range(calls // 10):
        action()
    per_call = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(calls):
            action()
        per_call.append((time.perf_counter() - start) / calls * 1e6)
    return statistics.median(per_call)


@contextmanager
def silenced_stdout() -> Iterator[None]:
    """The handlers' log lines (one JSON line per request) would bury the figures."""
    saved = os.dup(1)
    with open(os.devnull, "wb") as null:
        os.dup2(null.fileno(), 1)
    try:
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
