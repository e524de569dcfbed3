"""The one table `make bench` prints: every figure next to its ceiling or baseline from the same run, as a ratio.

Run on a saved result: `.venv/bin/python benchmarks/report.py benchmarks/results/bench-....json`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

WIDTH = 46


def _line(label: str, figure: str, baseline: str, ratio: float | None, target: str = "") -> str:
    shown = f"{ratio:7.2f}" if ratio is not None else f"{'':7}"
    return f"{label:{WIDTH}} {figure:>16} {baseline:>16} {shown}  {target}"


def table(result: dict[str, Any]) -> str:
    ceiling = result["ceiling"]
    lines = [
        f"make bench, {result['date']}, {result['cores']} cores, Python {result['python']}, "
        + ", ".join(f"{name} {v}" for name, v in result["versions"].items()),
        "",
        _line("figure", "measured", "ceiling/baseline", None) + "  ratio, target",
        _line(
            "bare ASGI hello on the same uvicorn (first), 1 conn",
            f"{ceiling['1']['rps']:.0f} req/s",
            f"p50 {ceiling['1']['p50_ms']:.2f} ms",
            None,
        ),
        _line("bare ASGI hello, 16 conn", f"{ceiling['16']['rps']:.0f} req/s", "", None),
    ]
    for row in result["throughput"]:
        c, bare = str(row["connections"]), row["ceiling"]
        lines.append(
            _line(
                f"{row['request']}, {c} conn",
                f"{row['rps']:.0f} req/s",
                f"{bare['rps']:.0f} req/s",
                row["ratio"],
                "(>= 0.40)" if row["request"].startswith("GET /orders/") and c == "16" else "",
            )
        )
        boundary = row["boundary"]
        lines.append(
            _line(
                "  against the process boundary alone",
                f"{row['rps']:.0f} req/s",
                f"{boundary['rps']:.0f} req/s",
                row["boundary_ratio"],
                f"(boundary / bare: {boundary['rps'] / bare['rps']:.2f})",
            )
        )
        lines.append(
            _line(
                "  CPU per request: gateway + environments",
                f"{row['server_cpu_ms']:.2f}+{row['children_cpu_ms']:.2f} ms",
                f"{bare['server_cpu_ms']:.2f} ms",
                (row["server_cpu_ms"] + row["children_cpu_ms"]) / bare["server_cpu_ms"],
            )
        )
        lines.append(
            _line(
                "  p50 / p99 latency",
                f"{row['p50_ms']:.2f}/{row['p99_ms']:.1f} ms",
                f"{bare['p50_ms']:.2f}/{bare['p99_ms']:.1f} ms",
                row["p50_ms"] / bare["p50_ms"],
                "(p50 <= 1 ms)" if row["request"].startswith("GET /orders/") and c == "1" else "",
            )
        )
    layers = result.get("get_order_layers_us", {})
    whole = layers.get("whole invocation")
    for layer, micros in layers.items():
        lines.append(
            _line(
                f"GetOrder handler in-process: {layer}",
                f"{micros:.0f} us",
                f"whole {whole:.0f} us",
                micros / whole if whole else None,
            )
        )
    for row in result["cold_starts"]:
        lines.append(
            _line(
                f"cold start {row['function']} (first response)",
                f"{row['first_ms']:.1f} ms",
                f"warm {row['warm_p50_ms']:.1f} ms",
                row["first_ms"] / row["warm_p50_ms"] if row["warm_p50_ms"] == row["warm_p50_ms"] else None,
                f"(env start {row['cold_start_ms']:.0f} ms <= 50)",
            )
        )
    stack = result["stack"]
    lines.append(
        _line(
            f"stack PSS under 16-conn load, {stack['processes']} processes",
            f"{stack['pss_mib']:.0f} MiB",
            f"hello {ceiling['pss_mib']:.0f} MiB",
            stack["pss_mib"] / 200,
            "(ratio to the 200 MiB budget <= 1)",
        )
    )
    listing = result["list_scaling"]
    lines.append(
        _line(
            "GET /orders?limit=50, 10,000 orders, p50",
            f"{listing['10000']['p50_ms']:.2f} ms",
            f"10 orders {listing['10']['p50_ms']:.2f} ms",
            listing["p50_ratio"],
            "(<= 1.5)",
        )
    )
    lines.append(
        _line(
            "  same page: 10,000 orders against 50",
            f"{listing['10000']['p50_ms']:.2f} ms",
            f"50 orders {listing['50']['p50_ms']:.2f} ms",
            listing["p50_ratio_same_page"],
            "(the total's own cost)",
        )
    )
    for step, micros in result.get("list_page_us_per_order", {}).items():
        lines.append(_line(f"  per order on the page: {step}", f"{micros:.1f} us", "", None))
    soak = result["soak"]
    lines.append(
        _line(
            f"soak: {soak['seconds']:.0f} s mixed, 16 conn",
            f"{soak['rps']:.0f} req/s",
            f"{soak['ceiling']['rps']:.0f} req/s",
            soak["rps"] / soak["ceiling"]["rps"],
            f"errors/non-2xx {soak['errors']} of {soak['requests']} (0)",
        )
    )
    lines.append(_line("  PSS growth over the last half", f"{soak['growth'] * 100:.1f} %", "", None, "(<= 5 %)"))
    for operation, calls in result["dynamodb_calls"].items():
        lines.append(
            _line(
                f"DynamoDB calls (moto): {operation}",
                str(calls["calls"]),
                f"workshop {calls['workshop']}",
                calls["calls"] / calls["workshop"],
            )
        )
    for row in result["import_ms"]:
        lines.append(
            _line(
                f"import {row['module']} as on Lambda",
                f"{row['on_lambda_ms']:.0f} ms",
                f"boto3+PT {row['on_lambda_baseline_ms']:.0f} ms",
                row["on_lambda_ms"] / row["on_lambda_baseline_ms"],
            )
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(json.loads(Path(sys.argv[1]).read_text())))
