"""CloudFormation intrinsic functions evaluated with local values instead of the cloud's.

Only what a local stack can answer is resolved; anything else is a `TemplateError` naming it, so a template the
gateway cannot honour fails at start instead of running with a silently wrong value."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class TemplateError(ValueError):
    """template.yaml uses something the local gateway cannot honour."""


@dataclass(frozen=True)
class LocalValues:
    """What the caller knows locally: the identity provider's ids and endpoint, and where the gateway serves.

    `cognito_ids` maps the logical id of each AWS::Cognito::UserPool / UserPoolClient to its local id."""

    cognito_endpoint: str
    cognito_ids: Mapping[str, str] = field(default_factory=dict)
    region: str = "us-east-1"
    account_id: str = "123456789012"
    stack_name: str = "local"
    # Where the local gateway serves each API, as /{ApiLogicalId}/{Stage}; None before it is bound.
    gateway_endpoint: str | None = None

    @property
    def cloud_cognito_endpoint(self) -> str:
        return f"https://cognito-idp.{self.region}.amazonaws.com"

    def localize(self, value: str) -> str:
        """Points a string at the local identity provider where it names Cognito's regional endpoint, and at the
        local gateway where it names an API's execute-api host."""
        if value.startswith(self.cloud_cognito_endpoint):
            return self.cognito_endpoint.rstrip("/") + value[len(self.cloud_cognito_endpoint) :]
        api = _EXECUTE_API.match(value)
        if api is not None and api.group("region") == self.region and self.gateway_endpoint is not None:
            return f"{self.gateway_endpoint.rstrip('/')}/{api.group('api')}{value[api.end() :]}"
        return value


_EXECUTE_API = re.compile(r"https://(?P<api>[A-Za-z0-9]+)\.execute-api\.(?P<region>[a-z0-9-]+)\.amazonaws\.com")


_SUB_VARIABLE = re.compile(r"\$\{([^}!][^}]*)\}")


class Resolver:
    """Evaluates Ref, Fn::GetAtt, Fn::Sub and Fn::Join against one template and local values."""

    def __init__(self, template: Mapping[str, Any], values: LocalValues) -> None:
        self._resources: Mapping[str, Any] = template.get("Resources", {})
        self._parameters: Mapping[str, Any] = template.get("Parameters", {})
        self.values = values

    def resource_type(self, logical_id: str) -> str:
        resource = self._resources.get(logical_id)
        if not isinstance(resource, Mapping):
            raise TemplateError(f"{logical_id} is not a resource of the template")
        return str(resource.get("Type"))

    def string(self, value: Any) -> str:
        """A scalar or intrinsic resolved to a string, with Cognito's endpoint made local."""
        return self.values.localize(self._evaluate(value))

    def _evaluate(self, value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str | int | float):
            return str(value)
        if isinstance(value, Mapping) and len(value) == 1:
            ((name, argument),) = value.items()
            if name == "Ref":
                return self.ref(argument)
            if name == "Fn::GetAtt":
                return self.get_att(argument)
            if name == "Fn::Sub":
                return self._sub(argument)
            if name == "Fn::Join":
                return self._join(argument)
            raise TemplateError(f"intrinsic function {name} is not supported locally")
        raise TemplateError(f"cannot resolve {value!r} to a string")

    def ref(self, name: Any) -> str:
        pseudo = {
            "AWS::Region": self.values.region,
            "AWS::AccountId": self.values.account_id,
            "AWS::StackName": self.values.stack_name,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
        }
        if not isinstance(name, str):
            raise TemplateError(f"Ref to {name!r} is not a name")
        if name in pseudo:
            return pseudo[name]
        if name in self._parameters:
            return self._parameter_default(name)
        kind = self.resource_type(name)
        if kind in ("AWS::DynamoDB::Table", "AWS::Serverless::Function", "AWS::Serverless::Api"):
            # Tables are created under their logical id; functions and APIs are known locally by theirs.
            return name
        if kind in ("AWS::Cognito::UserPool", "AWS::Cognito::UserPoolClient"):
            return self._cognito_id(name)
        if kind == "AWS::Cognito::UserPoolGroup":
            return self.string(self._resources[name].get("Properties", {}).get("GroupName", name))
        if kind == "AWS::Events::EventBus":
            return self._bus_name(name)
        raise TemplateError(f"Ref to {name} ({kind}) has no local value")

    def get_att(self, argument: Any) -> str:
        if not (isinstance(argument, list) and len(argument) == 2 and all(isinstance(a, str) for a in argument)):
            raise TemplateError(f"Fn::GetAtt {argument!r} is not [resource, attribute]")
        name, attribute = argument
        kind = self.resource_type(name)
        prefix = f"arn:aws:{{}}:{self.values.region}:{self.values.account_id}"
        arns = {
            "AWS::Serverless::Function": prefix.format("lambda") + f":function:{name}",
            "AWS::Cognito::UserPool": prefix.format("cognito-idp") + f":userpool/{self.ref(name)}",
            "AWS::DynamoDB::Table": prefix.format("dynamodb") + f":table/{name}",
        }
        if attribute == "Arn" and kind in arns:
            return arns[kind]
        if kind == "AWS::Events::EventBus" and attribute in ("Arn", "Name"):
            bus = self._bus_name(name)
            return prefix.format("events") + f":event-bus/{bus}" if attribute == "Arn" else bus
        raise TemplateError(f"Fn::GetAtt {name}.{attribute} ({kind}) has no local value")

    def _bus_name(self, name: str) -> str:
        bus = self._resources[name].get("Properties", {}).get("Name")
        if bus is None:
            raise TemplateError(f"{name}: an AWS::Events::EventBus needs a Name")
        return self._evaluate(bus)

    def _parameter_default(self, name: str) -> str:
        parameter = self._parameters[name]
        if not isinstance(parameter, Mapping) or "Default" not in parameter:
            raise TemplateError(f"parameter {name} has no Default, and the local stack takes no parameters")
        return self._evaluate(parameter["Default"])

    def _cognito_id(self, name: str) -> str:
        if name not in self.values.cognito_ids:
            raise TemplateError(f"no local identity provider id was given for {name}")
        return self.values.cognito_ids[name]

    def _sub(self, argument: Any) -> str:
        text, variables = (argument, {}) if isinstance(argument, str) else _sub_parts(argument)

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in variables:
                return self._evaluate(variables[name])
            if "." in name:
                return self.get_att(name.split(".", 1))
            return self.ref(name)

        # ${!Literal} is CloudFormation's escape for a literal ${Literal}.
        return _SUB_VARIABLE.sub(replace, text).replace("${!", "${")

    def _join(self, argument: Any) -> str:
        if not (isinstance(argument, list) and len(argument) == 2 and isinstance(argument[1], list)):
            raise TemplateError(f"Fn::Join {argument!r} is not [delimiter, [values]]")
        return str(argument[0]).join(self._evaluate(item) for item in argument[1])


def _sub_parts(argument: Any) -> tuple[str, Mapping[str, Any]]:
    if isinstance(argument, list) and len(argument) == 2 and isinstance(argument[0], str):
        variables = argument[1]
        if isinstance(variables, Mapping):
            return argument[0], variables
    raise TemplateError(f"Fn::Sub {argument!r} is neither a string nor [string, variables]")
