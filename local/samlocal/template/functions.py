"""AWS::Serverless::Function resources with Globals.Function merged in, as local execution environments need them."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from samlocal.template.envvars import EnvVars
from samlocal.template.intrinsics import Resolver, TemplateError

# Properties that change what runs, and those that only matter to AWS (IAM, X-Ray, CPU architecture).
_HONOURED = frozenset({"Handler", "CodeUri", "Runtime", "Timeout", "MemorySize", "Environment", "Events"})
_NO_LOCAL_EFFECT = frozenset({"Description", "Architectures", "Tracing", "Policies", "Role"})

# SAM's defaults when neither the function nor Globals sets them.
_DEFAULT_TIMEOUT = 3
_DEFAULT_MEMORY = 128
# What sam local hands a function from the shell's credentials, so an SDK call inside it is signed as the caller.
_CREDENTIALS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")
# boto3's service-specific endpoint variable for Cognito user pools (service id "Cognito Identity Provider").
COGNITO_ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER"


@dataclass(frozen=True)
class FunctionSpec:
    """One function: what to import, where from, its limits, and the exact environment it runs with."""

    name: str
    handler: str
    code_uri: Path
    runtime: str
    timeout: int
    memory_size: int
    environment: Mapping[str, str]
    # Names the env-vars file gave for this function that it does not declare: ignored, as sam local does.
    ignored_overrides: tuple[str, ...] = ()


def merged_properties(template: Mapping[str, Any], properties: Mapping[str, Any]) -> dict[str, Any]:
    """Globals.Function under the function's own properties; Environment.Variables are merged key by key."""
    defaults: Mapping[str, Any] = template.get("Globals", {}).get("Function", {})
    merged = {**defaults, **properties}
    variables = {**_variables(defaults), **_variables(properties)}
    if variables:
        merged["Environment"] = {"Variables": variables}
    return merged


def _variables(properties: Mapping[str, Any]) -> dict[str, Any]:
    environment = properties.get("Environment", {})
    if not isinstance(environment, Mapping) or set(environment) - {"Variables"}:
        raise TemplateError(f"Environment {environment!r} is not {{Variables: ...}}")
    return dict(environment.get("Variables") or {})


def function_spec(
    name: str,
    template: Mapping[str, Any],
    resolver: Resolver,
    base_dir: Path,
    env_vars: EnvVars,
    host: Mapping[str, str] = os.environ,
) -> FunctionSpec:
    """The function as an execution environment runs it: the template's variables, then the env-vars file's values
    for the variables it declares, then what Lambda itself sets."""
    properties = merged_properties(template, template["Resources"][name].get("Properties", {}))
    unknown = set(properties) - _HONOURED - _NO_LOCAL_EFFECT
    if unknown:
        raise TemplateError(f"{name}: properties {sorted(unknown)} are not supported locally")
    handler = _required(name, properties, "Handler")
    if handler.count(".") < 1:
        raise TemplateError(f"{name}: Handler {handler!r} is not module.function")
    runtime = _required(name, properties, "Runtime")
    if not runtime.startswith("python3"):
        raise TemplateError(f"{name}: Runtime {runtime} cannot run locally (Python functions only)")
    code_uri = (base_dir / _required(name, properties, "CodeUri")).resolve()
    if not code_uri.is_dir():
        raise TemplateError(f"{name}: CodeUri {code_uri} is not a directory")
    timeout = int(properties.get("Timeout", _DEFAULT_TIMEOUT))
    memory = int(properties.get("MemorySize", _DEFAULT_MEMORY))
    variables = {key: resolver.string(value) for key, value in _variables(properties).items()}
    overrides, ignored = env_vars.overrides(name, variables)
    variables |= overrides
    variables |= {key: host[key] for key in _CREDENTIALS if key in host}
    # As an emulator does for its functions (LocalStack, MiniStack set AWS_ENDPOINT_URL): an SDK client, or code
    # that finds Cognito the way the SDK does, reaches the local identity provider.
    variables[COGNITO_ENDPOINT_VARIABLE] = resolver.values.cognito_endpoint.rstrip("/")
    variables |= lambda_variables(name, handler, runtime, memory, resolver.values.region)
    return FunctionSpec(name, handler, code_uri, runtime, timeout, memory, variables, tuple(ignored))


def _required(name: str, properties: Mapping[str, Any], key: str) -> str:
    if key not in properties:
        raise TemplateError(f"{name}: {key} is required")
    value = properties[key]
    if not isinstance(value, str):
        raise TemplateError(f"{name}: {key} must be a plain string, not {value!r}")
    return value


def lambda_variables(name: str, handler: str, runtime: str, memory: int, region: str) -> dict[str, str]:
    """The variables Lambda itself sets (they win over the template's, as Lambda reserves them), and
    AWS_SAM_LOCAL, which sam local sets so that code can tell it runs locally.

    LAMBDA_TASK_ROOT is left out on purpose: Powertools reads it as 'running in Lambda' and would start
    sending X-Ray traces."""
    return {
        "AWS_LAMBDA_FUNCTION_NAME": name,
        "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(memory),
        "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{name}",
        "AWS_REGION": region,
        "AWS_DEFAULT_REGION": region,
        "AWS_EXECUTION_ENV": f"AWS_Lambda_{runtime}",
        "_HANDLER": handler,
        "AWS_SAM_LOCAL": "true",
        "TZ": ":UTC",
        "LANG": "en_US.UTF-8",
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
    }
