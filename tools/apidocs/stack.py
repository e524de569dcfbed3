"""What the documents take from template.yaml and from the handler modules: each API's routes as the template binds
them (with the event's name, the operation's id), the routes the handlers declare, and where each API is served."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from foodorder.handlers.routes import Route, declared_routes
from samlocal.template.intrinsics import LocalValues, Resolver
from samlocal.template.loader import load_template
from samlocal.template.topology import AuthorizerSpec, RouteSpec, load_topology

_COGNITO_TYPES = ("AWS::Cognito::UserPool", "AWS::Cognito::UserPoolClient")


@dataclass(frozen=True)
class Operation:
    """One route of an API: as the handler declares it, with the template's event name and authorizer."""

    operation_id: str
    route: Route
    authorizer: AuthorizerSpec | None


@dataclass(frozen=True)
class Api:
    name: str
    stage: str
    # The stack output that holds the API's URL (APIEndpoint), and that URL's forms.
    output: str
    local_url: str
    aws_url: str
    operations: tuple[Operation, ...]


class RouteMismatch(Exception):
    """template.yaml and the handler modules disagree about the routes: no document can be both."""


def load_apis(template_path: Path) -> list[Api]:
    template = load_template(template_path)
    # The documents name no pool: any id resolves the authorizers' pool ARNs.
    ids = {name: name for name, r in template["Resources"].items() if r["Type"] in _COGNITO_TYPES}
    topology = load_topology(LocalValues(cognito_endpoint="", cognito_ids=ids), template_path, host={})
    declared = declared_routes()
    apis = []
    for spec in topology.apis.values():
        output, local_url, aws_url = _endpoint(template, spec.name, ids)
        operations = tuple(
            _operation(template, topology.functions[route.function].handler, route, declared) for route in spec.routes
        )
        apis.append(Api(spec.name, spec.stage, output, local_url, aws_url, operations))
    _check_every_declared_route_is_bound(declared, apis)
    return apis


def _operation(
    template: Mapping[str, Any], handler: str, route: RouteSpec, declared: dict[str, list[Route]]
) -> Operation:
    match = [r for r in declared.get(handler, []) if (r.api, r.method, r.path) == (route.api, route.method, route.path)]
    if not match:
        raise RouteMismatch(
            f"template.yaml binds {route.method} {route.path} of {route.api} to {handler}, which does not declare it"
        )
    events: Mapping[str, Any] = template["Resources"][route.function]["Properties"]["Events"]
    name = next(
        event_name
        for event_name, event in events.items()
        if str(event["Properties"].get("Method", "")).upper() == route.method
        and event["Properties"].get("Path") == route.path
    )
    return Operation(name, match[0], route.authorizer)


def _check_every_declared_route_is_bound(declared: dict[str, list[Route]], apis: list[Api]) -> None:
    bound = {(op.route.api, op.route.method, op.route.path) for api in apis for op in api.operations}
    unbound = [r for routes in declared.values() for r in routes if (r.api, r.method, r.path) not in bound]
    if unbound:
        listed = ", ".join(f"{r.method} {r.path} of {r.api}" for r in unbound)
        raise RouteMismatch(f"handlers declare routes that template.yaml does not bind: {listed}")


def _endpoint(template: Mapping[str, Any], api: str, ids: Mapping[str, str]) -> tuple[str, str, str]:
    """The output whose value is the API's URL; that URL on the local stack (relative: the page is served from the
    same origin) and on AWS (with the API id and region as server variables)."""
    local = Resolver(template, LocalValues(cognito_endpoint="", cognito_ids=ids, gateway_endpoint=""))
    aws = Resolver(template, LocalValues(cognito_endpoint="", cognito_ids=ids, region="{region}"))
    for name, output in template.get("Outputs", {}).items():
        url = local.string(output["Value"])
        if url.startswith(f"/{api}/"):
            return name, url, aws.string(output["Value"]).replace(f"https://{api}.", "https://{restApiId}.", 1)
    raise RouteMismatch(f"no output of template.yaml holds the URL of {api}")
