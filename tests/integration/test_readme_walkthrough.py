"""The README's local walkthrough as a newcomer types it: the real `aws cognito-idp` commands with --endpoint-url
(the confirmation code read from the server's log, where the local identity provider sends it), then `curl`."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from integration.orders_support import assert_status_changed
from integration.stack_support import BIN, LocalStack, Stack, fresh_shell_environment

pytestmark = pytest.mark.integration

AWS = BIN / "aws"
CURL = shutil.which("curl")
PASSWORD = "Walkthr0ugh-pass!"
ORDER = (
    '{"restaurantId":1,"orderId":"hogehoge","orderItems":[{"id":1,"name":"Spaghetti","price":9.99,"quantity":1},'
    '{"id":2,"name":"Pizza - SMALL","price":4.99,"quantity":2}],"totalAmount":19.97}'
)
EDITED_ORDER = ORDER.replace('"quantity":2}]', '"quantity":2},{"id":3,"name":"Salad","price":0,"quantity":1}]')


def aws(stack: Stack, tmp_path: Path, *arguments: str) -> Any:
    completed = subprocess.run(
        [str(AWS), "cognito-idp", *arguments, "--endpoint-url", stack.outputs["CognitoEndpoint"], "--output", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        # Any credentials and region; no profile of the machine's owner.
        env=fresh_shell_environment(
            AWS_ACCESS_KEY_ID="any",
            AWS_SECRET_ACCESS_KEY="any",
            AWS_DEFAULT_REGION="us-east-1",
            AWS_CONFIG_FILE=str(tmp_path / "no-config"),
            AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "no-credentials"),
        ),
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout) if completed.stdout.strip() else None


def curl(url: str, id_token: str, *arguments: str) -> tuple[int, Any]:
    """curl as the README writes it (raw ID token, `--data-raw` under curl's default form content type)."""
    assert CURL is not None
    completed = subprocess.run(
        [CURL, "--silent", "--show-error", "--write-out", "\n%{http_code}", "-H", f"Authorization: {id_token}",
         *arguments, url],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    body, _, status = completed.stdout.rpartition("\n")
    return int(status), json.loads(body) if body else None


def confirmation_code(local_stack: LocalStack, email: str) -> str:
    """The code the identity provider logged for `email`; the log line is written before SignUp answers."""
    pattern = re.compile(rf"Confirmation code for {re.escape(email)} \(sub [^)]+\): (\d+)")
    # A bounded grace period for the log file to be flushed to disk.
    deadline = time.monotonic() + 10
    while not (found := pattern.findall(local_stack.log_text())) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert found, f"no confirmation code for {email} in the log"
    return str(found[-1])


@pytest.mark.skipif(CURL is None, reason="the curl binary is not installed")
def test_the_readme_walkthrough_signs_up_with_the_aws_cli_and_takes_an_order_to_canceled_with_curl(
    local_stack: LocalStack, stack: Stack, tmp_path: Path
) -> None:
    outputs = stack.outputs
    email = f"readme-{uuid.uuid4().hex[:8]}@example.com"
    client = ["--client-id", outputs["UserPoolClient"]]

    signed_up = aws(stack, tmp_path, "sign-up", *client, "--username", email, "--password", PASSWORD,
                    "--user-attributes", "Name=name,Value=Hoge Hoge", f"Name=email,Value={email}")  # fmt: skip
    aws(stack, tmp_path, "confirm-sign-up", *client, "--username", email,
        "--confirmation-code", confirmation_code(local_stack, email))  # fmt: skip
    signed_in = aws(stack, tmp_path, "initiate-auth", *client, "--auth-flow", "USER_PASSWORD_AUTH",
                    "--auth-parameters", f"USERNAME={email},PASSWORD={PASSWORD}")  # fmt: skip
    token = signed_in["AuthenticationResult"]["IdToken"]
    sub = signed_up["UserSub"]
    users, orders = outputs["APIEndpoint"], outputs["OrdersServiceEndpoint"]

    assert curl(f"{users}/users/{sub}", token, "-X", "PUT", "--data-raw", '{"name": "My name is hogehoge"}')[0] == 200
    assert curl(f"{users}/users/{sub}", token)[1]["name"] == "My name is hogehoge"
    status, placed = curl(f"{orders}/orders", token, "--data-raw", ORDER)
    assert (status, placed["status"], placed["totalAmount"]) == (200, "PLACED", 19.97)
    assert curl(f"{orders}/orders/hogehoge", token) == (200, placed)
    assert curl(f"{orders}/orders", token) == (200, {"orders": [placed]})
    status, edited = curl(f"{orders}/orders/hogehoge", token, "-X", "PUT", "--data-raw", EDITED_ORDER)
    assert (status, len(edited["orderItems"]), edited["totalAmount"]) == (200, 3, 19.97)
    status, canceled = curl(f"{orders}/orders/hogehoge", token, "-X", "DELETE")
    assert status == 200
    assert_status_changed(canceled, edited, "CANCELED")
