"""Where the project's files are, whatever directory pytest runs from."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yaml"
ENV_LOCAL = ROOT / "env.local.json"
PRODUCT = ROOT / "src" / "foodorder"
FIXTURES = ROOT / "tests" / "fixtures"
