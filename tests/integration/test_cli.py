"""`foodorder-local` as a newcomer types it, against the running local stack's state directory."""

from __future__ import annotations

import json
import subprocess
import uuid

import httpx
import pytest

from _support.paths import ROOT
from integration.stack_support import FOODORDER_LOCAL, LocalStack, Stack, fresh_shell_environment

pytestmark = pytest.mark.integration

PASSWORD = "Cl1-Password!"


def cli(local_stack: LocalStack, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(FOODORDER_LOCAL), *arguments, "--state-dir", str(local_stack.state_dir)],
        capture_output=True,
        text=True,
        env=fresh_shell_environment(),
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_create_user_admin_then_token_gives_an_id_token_the_admin_route_accepts(
    local_stack: LocalStack, users_api: httpx.Client
) -> None:
    email = f"cli-admin-{uuid.uuid4().hex[:8]}@example.com"

    created = cli(local_stack, "create-user", email, "--name", "CLI Admin", "--password", PASSWORD, "--admin")
    signed_in = cli(local_stack, "token", email, "--password", PASSWORD)

    assert created.returncode == 0, created.stderr
    assert signed_in.returncode == 0, signed_in.stderr
    response = users_api.get("/users", headers={"Authorization": signed_in.stdout.strip()})
    assert response.status_code == 200, response.text


def test_token_with_a_wrong_password_exits_1_with_one_line_and_no_traceback(local_stack: LocalStack) -> None:
    email = f"cli-user-{uuid.uuid4().hex[:8]}@example.com"
    assert cli(local_stack, "create-user", email, "--name", "CLI User", "--password", PASSWORD).returncode == 0

    signed_in = cli(local_stack, "token", email, "--password", "Wrong-passw0rd!")

    assert signed_in.returncode == 1
    assert signed_in.stdout == ""
    assert signed_in.stderr.count("\n") == 1
    assert signed_in.stderr.startswith("foodorder-local: ")
    assert "Traceback" not in signed_in.stderr


def test_outputs_prints_outputs_json_and_env_prints_exports_that_a_shell_evaluates(
    local_stack: LocalStack, stack: Stack
) -> None:
    printed = cli(local_stack, "outputs")
    exported = cli(local_stack, "outputs", "--env")
    assert (printed.returncode, exported.returncode) == (0, 0), printed.stderr + exported.stderr

    echoed = subprocess.run(
        ["bash", "-c", 'eval "$EXPORTS"; echo "$UserPool $OrdersServiceEndpoint"'],
        capture_output=True,
        text=True,
        env=fresh_shell_environment(EXPORTS=exported.stdout),
        timeout=30,
        check=True,
    )

    assert json.loads(printed.stdout) == stack.outputs
    assert echoed.stdout.split() == [stack.outputs["UserPool"], stack.outputs["OrdersServiceEndpoint"]]
