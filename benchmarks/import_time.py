"""Cold-start import cost of every handler in template.yaml, side by side with its baseline.

Baseline: `import boto3` plus the Powertools modules the handler's own import graph imports at module level.
Each figure is the median of fresh interpreters, handler and baseline alternating so that machine noise hits both;
the ratio is handler / baseline. Two environments:

- off Lambda (the local runtime, the tests): no Tracer is built, so no X-Ray SDK is loaded;
- as on Lambda (LAMBDA_TASK_ROOT set): the handlers that trace build a Powertools Tracer, which loads the X-Ray
  SDK and patches boto3; the baseline then builds one too, since that cost is the Tracer's, not ours.

Run: `make bench`, or `.venv/bin/python benchmarks/import_time.py [runs]`."""

from __future__ import annotations

import ast
import importlib.util
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from samlocal.template.loader import load_template

SRC = Path(__file__).resolve().parents[1] / "src"
TRACER_NAMES = {"aws_lambda_powertools.Tracer", "aws_lambda_powertools.tracing.Tracer"}
PROBE = "import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
ON_LAMBDA = {"LAMBDA_TASK_ROOT": "/var/task"}


def module_file(module: str) -> Path | None:
    base = SRC.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate
    return None


def top_level_imports(path: Path) -> set[str]:
    """Modules a file imports when it is imported (not those imported inside functions)."""
    found: set[str] = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def powertools_closure(handler_module: str) -> tuple[list[str], bool]:
    """The Powertools modules the handler's import graph imports, and whether that graph builds a Tracer."""
    seen: set[str] = set()
    powertools: set[str] = set()
    uses_tracer = False
    pending = [handler_module]
    while pending:
        module = pending.pop()
        path = module_file(module)
        if module in seen or path is None:
            continue
        seen.add(module)
        for imported in top_level_imports(path):
            if imported.startswith("foodorder"):
                pending.append(imported)
            elif imported.startswith("aws_lambda_powertools") and module_exists(imported):
                powertools.add(imported)
            uses_tracer = uses_tracer or imported in TRACER_NAMES
    return sorted(powertools), uses_tracer


def timed(code: str, extra_env: dict[str, str]) -> float:
    env = {k: v for k, v in os.environ.items() if k != "LAMBDA_TASK_ROOT"} | extra_env
    command = [sys.executable, "-c", PROBE.format(code=code)]
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=env).stdout
    return float(out.strip().splitlines()[-1])


def handlers() -> list[str]:
    resources = load_template(SRC.parent / "template.yaml")["Resources"]
    return sorted(
        r["Properties"]["Handler"].rpartition(".")[0]
        for r in resources.values()
        if r["Type"] == "AWS::Serverless::Function"
    )


def measure(module: str, runs: int) -> list[float]:
    powertools, uses_tracer = powertools_closure(module)
    baseline = "; ".join(f"import {m}" for m in ["boto3", *powertools])
    on_lambda_baseline = baseline + ("; from aws_lambda_powertools import Tracer; Tracer()" if uses_tracer else "")
    cases = [
        (f"import {module}", {}),
        (baseline, {}),
        (f"import {module}", ON_LAMBDA),
        (on_lambda_baseline, ON_LAMBDA),
    ]
    samples: list[list[float]] = [[] for _ in cases]
    for _ in range(runs):
        for (code, env), collected in zip(cases, samples, strict=True):
            collected.append(timed(code, env))
    return [statistics.median(collected) * 1000 for collected in samples]


def measure_all(runs: int) -> list[dict[str, Any]]:
    """Every handler module's figures, in ms: off Lambda and as on Lambda, each next to its baseline."""
    found = []
    for module in handlers():
        if module_file(module) is None:
            continue
        off, off_base, on, on_base = measure(module, runs)
        found.append(
            {
                "module": module,
                "off_ms": off,
                "baseline_ms": off_base,
                "on_lambda_ms": on,
                "on_lambda_baseline_ms": on_base,
            }
        )
    return found


def main(runs: int) -> None:
    print(f"median of {runs} fresh interpreters per figure, in ms")
    columns = ("off Lambda", "baseline", "ratio", "on Lambda", "baseline", "ratio")
    print(f"{'handler module':34}" + "".join(f"{name:>11}" for name in columns))
    for row in measure_all(runs):
        off, off_base = row["off_ms"], row["baseline_ms"]
        on, on_base = row["on_lambda_ms"], row["on_lambda_baseline_ms"]
        figures = (off, off_base, off / off_base, on, on_base, on / on_base)
        print(
            f"{row['module']:34}"
            + "".join(f"{value:11.2f}" if i % 3 == 2 else f"{value:11.1f}" for i, value in enumerate(figures))
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)
