"""Cold-start import cost of every handler in template.yaml, side by side with its baseline.

Baseline: `import boto3` plus the Powertools modules the handler's own import graph imports at module level,
plus the X-Ray SDK when that graph builds a Powertools Tracer: the Tracer imports it on construction (its
recorder creates two botocore clients, about 100 ms), on Lambda as anywhere else, so it is part of what using
the Tracer costs. The "w/o X-Ray" column shows the ratio against the baseline without it.
Each figure is the median of fresh interpreters (alternating handler and baseline so machine noise hits both);
the ratio is handler / baseline. Run: `make bench` (or `.venv/bin/python benchmarks/import_time.py [runs]`)."""

from __future__ import annotations

import ast
import statistics
import subprocess
import sys
from pathlib import Path

from foodorder.local.template import load_template

SRC = Path(__file__).resolve().parents[1] / "src"
TRACER_NAMES = {"aws_lambda_powertools.Tracer", "aws_lambda_powertools.tracing.Tracer"}
XRAY_SDK = "aws_xray_sdk.core"
PROBE = "import time; t = time.perf_counter(); {imports}; print(time.perf_counter() - t)"


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


def powertools_closure(handler_module: str) -> list[str]:
    seen: set[str] = set()
    powertools: set[str] = set()
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
            elif imported in TRACER_NAMES:
                powertools.add(XRAY_SDK)
    return sorted(powertools)


def module_exists(name: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def timed(imports: str) -> float:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(imports=imports)], check=True, capture_output=True, text=True
    ).stdout
    return float(out.strip().splitlines()[-1])


def handlers() -> list[str]:
    resources = load_template()["Resources"]
    return sorted(
        r["Properties"]["Handler"].rpartition(".")[0]
        for r in resources.values()
        if r["Type"] == "AWS::Serverless::Function"
    )


def main(runs: int) -> None:
    print(f"{'handler module':36} {'handler ms':>10} {'baseline ms':>11} {'ratio':>6} {'w/o X-Ray':>9}")
    for module in handlers():
        if module_file(module) is None:
            print(f"{module:36} (no such module)")
            continue
        baseline = ["boto3", *powertools_closure(module)]
        without_xray = [m for m in baseline if m != XRAY_SDK]
        times: dict[str, list[float]] = {"handler": [], "baseline": [], "without_xray": []}
        for _ in range(runs):
            times["handler"].append(timed(f"import {module}"))
            times["baseline"].append(timed("; ".join(f"import {m}" for m in baseline)))
            times["without_xray"].append(timed("; ".join(f"import {m}" for m in without_xray)))
        ms = {name: statistics.median(values) * 1000 for name, values in times.items()}
        print(
            f"{module:36} {ms['handler']:10.1f} {ms['baseline']:11.1f} {ms['handler'] / ms['baseline']:6.2f}"
            f" {ms['handler'] / ms['without_xray']:9.2f}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)
