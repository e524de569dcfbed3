"""The stack's outputs: template.yaml's Outputs resolved with local values, plus CognitoEndpoint, EventsEndpoint
and DocsURL, in outputs.json."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from samlocal.docs import DOCS_PREFIX
from samlocal.identity import IdentityProvider
from samlocal.template.intrinsics import LocalValues, Resolver

COGNITO_PREFIX = "/cognito"
EVENTS_PREFIX = "/events"
OUTPUTS_FILE = "outputs.json"


def local_values(template: Mapping[str, Any], provider: IdentityProvider, endpoint: str) -> LocalValues:
    return LocalValues(
        cognito_endpoint=endpoint + COGNITO_PREFIX,
        cognito_ids=_cognito_ids(template, provider),
        gateway_endpoint=endpoint,
    )


def _cognito_ids(template: Mapping[str, Any], provider: IdentityProvider) -> dict[str, str]:
    ids = {"AWS::Cognito::UserPool": provider.pool_id, "AWS::Cognito::UserPoolClient": provider.client_id}
    return {name: ids[r["Type"]] for name, r in template["Resources"].items() if r["Type"] in ids}


def stack_outputs(template: Mapping[str, Any], values: LocalValues) -> dict[str, str]:
    resolver = Resolver(template, values)
    outputs = {name: resolver.string(output["Value"]) for name, output in template.get("Outputs", {}).items()}
    outputs["CognitoEndpoint"] = values.cognito_endpoint
    if values.gateway_endpoint is not None:
        outputs["EventsEndpoint"] = values.gateway_endpoint + EVENTS_PREFIX
        outputs["DocsURL"] = f"{values.gateway_endpoint}{DOCS_PREFIX}/"
    return outputs


def write_outputs(state_dir: Path, outputs: Mapping[str, str]) -> Path:
    path = state_dir / OUTPUTS_FILE
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(outputs, indent=2) + "\n")
    # Readers (tests, the CLI) never see a half-written file.
    os.replace(temporary, path)
    return path


def read_outputs(state_dir: Path) -> dict[str, str]:
    path = state_dir / OUTPUTS_FILE
    if not path.is_file():
        raise FileNotFoundError(f"{path} does not exist: start the local stack first (make run)")
    outputs: dict[str, str] = json.loads(path.read_text())
    return outputs
