"""The README's sign-in command, run with the real AWS CLI against the local endpoint."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jwt
import pytest

from runtime.identity.identity_support import SignUp
from samlocal.identity import IdentityProvider

AWS = Path(sys.executable).parent / "aws"


@pytest.mark.slow
@pytest.mark.skipif(not AWS.exists(), reason="the AWS CLI (test dependency awscli) is not installed")
def test_aws_cli_initiate_auth_signs_in_against_the_local_endpoint(
    endpoint: str, provider: IdentityProvider, sign_up: SignUp, tmp_path: Path
) -> None:
    sub = sign_up("cli@example.com")
    environment = {
        **os.environ,
        "AWS_ACCESS_KEY_ID": "any",
        "AWS_SECRET_ACCESS_KEY": "any",
        "AWS_CONFIG_FILE": str(tmp_path / "no-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "no-credentials"),
    }

    completed = subprocess.run(
        [str(AWS), "cognito-idp", "initiate-auth", "--endpoint-url", endpoint, "--region", "us-east-1",
         "--auth-flow", "USER_PASSWORD_AUTH", "--client-id", provider.client_id,
         "--auth-parameters", "USERNAME=cli@example.com,PASSWORD=Corr3ct-horse!", "--output", "json"],
        capture_output=True, text=True, env=environment, timeout=120, check=False,
    )  # fmt: skip

    assert completed.returncode == 0, completed.stderr
    id_token = json.loads(completed.stdout)["AuthenticationResult"]["IdToken"]
    claims = jwt.decode(id_token, options={"verify_signature": False})
    assert (claims["sub"], claims["iss"]) == (sub, f"{endpoint}/{provider.pool_id}")
