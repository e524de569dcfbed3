"""`sam build` as `make build` runs it (the pinned SAM CLI, the runtime's Python on PATH), into a directory of the
test's own: what each function's artifact holds is the product package and the pinned distributions, nothing else."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from _support.paths import ROOT

SAM = ROOT / ".venv-sam" / "bin" / "sam"
RUNTIME = "python3.13"
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;]+)", re.MULTILINE)

RUNTIME_PYTHON = ROOT / "tools" / "runtime-python"


def normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_without_the_runtimes_python_one_line_says_what_to_install_instead_of_a_sam_stack_trace() -> None:
    # Given a machine with no pyenv and no python3.99 on PATH
    result = subprocess.run(
        [str(RUNTIME_PYTHON), "python3.99"], env={"PATH": "/usr/bin:/bin"}, capture_output=True, text=True
    )

    assert result.returncode == 1
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert "install Python 3.99" in line
    assert "--use-container" in line


@pytest.fixture(scope="module")
def artifact(tmp_path_factory: pytest.TempPathFactory) -> Path:
    build_dir = tmp_path_factory.mktemp("sam") / "build"
    runtime_bin = subprocess.run(
        [str(RUNTIME_PYTHON), RUNTIME], check=True, capture_output=True, text=True
    ).stdout.strip()
    environment = {**os.environ, "PATH": f"{runtime_bin}:{os.environ['PATH']}", "SAM_CLI_TELEMETRY": "0"}
    result = subprocess.run(
        [str(SAM), "build", "--build-dir", str(build_dir), "--cache-dir", str(build_dir.parent / "cache")],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return build_dir / "UsersFunction"


def pinned() -> dict[str, str]:
    return {normalized(name): version for name, version in PIN.findall((ROOT / "src/requirements.txt").read_text())}


@pytest.mark.slow
def test_the_artifact_holds_exactly_the_pinned_distributions_boto3_among_them(artifact: Path) -> None:
    installed = {
        normalized(match.group(1)): match.group(2)
        for entry in artifact.glob("*.dist-info")
        if (match := re.match(r"(.+)-([^-]+)\.dist-info$", entry.name))
    }

    assert installed == pinned()
    assert "boto3" in installed


@pytest.mark.slow
def test_the_artifact_holds_the_product_and_its_dependencies_not_the_local_runtime_or_the_tests(
    artifact: Path,
) -> None:
    recorded = {
        line.split("/", 1)[0].split(",", 1)[0]
        for record in artifact.glob("*.dist-info/RECORD")
        for line in record.read_text().splitlines()
    }
    top_level = {entry.name for entry in artifact.iterdir()}

    assert top_level - recorded == {"foodorder", "requirements.txt"}
    assert not {"samlocal", "local", "tests", "benchmarks"} & top_level
    assert not list(artifact.rglob("test_*.py"))


@pytest.mark.slow
def test_the_default_architecture_parameter_builds_arm64_native_code(artifact: Path) -> None:
    native = [path.name for path in artifact.rglob("*.so") if "cpython" in path.name]

    assert native
    assert all("aarch64" in name for name in native), native
