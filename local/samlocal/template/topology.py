"""template.yaml as a typed model of what the local gateway serves: APIs, stages, routes, authorizers, functions.

Read from the template every time, so a route changed there is served with no code change. Any feature the
gateway cannot honour is a `TemplateError` naming it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from samlocal.template.cors import BrowserSettings, browser_settings
from samlocal.template.envvars import EnvVars
from samlocal.template.functions import FunctionSpec, function_spec
from samlocal.template.intrinsics import LocalValues, Resolver, TemplateError
from samlocal.template.loader import DEFAULT_TEMPLATE, load_template
from samlocal.template.rules import RULE_EVENT_TYPE, EventRules, load_rules

_API_PROPERTIES = frozenset({"StageName", "Auth", "Cors", "GatewayResponses", "Description", "Name"})
# What only AWS acts on: the OpenAPI version (no "Stage" stage), X-Ray, access logs, throttling limits.
_API_NO_LOCAL_EFFECT = frozenset({"OpenApiVersion", "TracingEnabled", "AccessLogSetting", "MethodSettings"})
_API_AUTH = frozenset({"DefaultAuthorizer", "Authorizers", "AddDefaultAuthorizerToCorsPreflight"})
_EVENT_PROPERTIES = frozenset({"RestApiId", "Path", "Method", "Auth"})
_TOKEN_PROPERTIES = frozenset({"FunctionArn", "FunctionPayloadType", "Identity", "FunctionInvokeRole"})
_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "ANY"})
_DEFAULT_TTL = 300
_SERVED = frozenset({"AWS::Serverless::Function", "AWS::Serverless::Api"})
# The account's CloudWatch role for API Gateway's logs: nothing to serve.
_INERT = frozenset({"AWS::ApiGateway::Account"})


@dataclass(frozen=True)
class TokenAuthorizerSpec:
    name: str
    function: str
    header: str
    ttl: int


@dataclass(frozen=True)
class CognitoAuthorizerSpec:
    name: str
    user_pool_id: str
    header: str
    # Identity.ReauthorizeEvery: how long API Gateway caches a verified token's claims, as for TOKEN authorizers.
    ttl: int = _DEFAULT_TTL


AuthorizerSpec = TokenAuthorizerSpec | CognitoAuthorizerSpec


@dataclass(frozen=True)
class RouteSpec:
    api: str
    method: str
    path: str
    function: str
    authorizer: AuthorizerSpec | None


@dataclass(frozen=True)
class ApiSpec:
    name: str
    stage: str
    routes: tuple[RouteSpec, ...]
    # Cors and GatewayResponses: what the API tells browsers (samlocal.apigw.cors acts on it).
    browser: BrowserSettings = field(default_factory=BrowserSettings)


@dataclass(frozen=True)
class Topology:
    apis: Mapping[str, ApiSpec]
    functions: Mapping[str, FunctionSpec]
    # What the stack should tell its user about the env-vars file: values it ignored, and why.
    warnings: tuple[str, ...] = ()
    # EventBridge: the buses and the rules that target the functions.
    events: EventRules = field(default_factory=EventRules)


def load_topology(
    values: LocalValues,
    path: str | Path = DEFAULT_TEMPLATE,
    env_vars: EnvVars | None = None,
    host: Mapping[str, str] = os.environ,
) -> Topology:
    template = load_template(path)
    resolver = Resolver(template, values)
    resources: Mapping[str, Any] = template["Resources"]
    names = _names_by_type(resources)
    base_dir = Path(path).resolve().parent
    env_vars = env_vars or EnvVars()
    functions = {
        name: function_spec(name, template, resolver, base_dir, env_vars, host)
        for name in names.get("AWS::Serverless::Function", [])
    }
    auth = {name: _api_auth(name, template, resolver) for name in names.get("AWS::Serverless::Api", [])}
    routes = [
        _route(name, event_name, event, auth, resolver)
        for name in functions
        for event_name, event in resources[name].get("Properties", {}).get("Events", {}).items()
        if event.get("Type") != RULE_EVENT_TYPE
    ]
    for api_auth in auth.values():
        _check_authorizer_functions(api_auth, functions)
    apis = {
        api: ApiSpec(api, a.stage, _unique(api, routes), browser_settings(api, _api_properties(api, template)))
        for api, a in auth.items()
    }
    events = load_rules(template, resolver, functions)
    return Topology(apis, functions, _env_vars_warnings(env_vars, functions), events)


def _env_vars_warnings(env_vars: EnvVars, functions: Mapping[str, FunctionSpec]) -> tuple[str, ...]:
    warnings = [f"env-vars: {name} is not a function of the template; its values are ignored"
                for name in env_vars.unknown_functions(functions)]  # fmt: skip
    warnings += [
        f"env-vars: {spec.name} does not declare {', '.join(spec.ignored_overrides)} in the template; ignored, "
        "as sam local ignores them (declare it, e.g. with an empty value, to set it locally)"
        for spec in functions.values()
        if spec.ignored_overrides
    ]
    return tuple(warnings)


def _names_by_type(resources: Mapping[str, Any]) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for name, resource in resources.items():
        names.setdefault(str(resource.get("Type")), []).append(name)
    for kind in names:
        if kind.startswith(("AWS::Serverless::", "AWS::ApiGateway::")) and kind not in _SERVED | _INERT:
            raise TemplateError(f"resources of type {kind} are not supported locally: {names[kind]}")
    return names


@dataclass(frozen=True)
class _ApiAuth:
    stage: str
    authorizers: Mapping[str, AuthorizerSpec]
    default: AuthorizerSpec | None


def _api_properties(name: str, template: Mapping[str, Any]) -> dict[str, Any]:
    return {**template.get("Globals", {}).get("Api", {}), **template["Resources"][name].get("Properties", {})}


def _api_auth(name: str, template: Mapping[str, Any], resolver: Resolver) -> _ApiAuth:
    properties = _api_properties(name, template)
    _refuse_unknown(f"API {name}", properties, _API_PROPERTIES | _API_NO_LOCAL_EFFECT)
    if not isinstance(properties.get("StageName"), str):
        raise TemplateError(f"API {name}: StageName must be a plain string")
    auth = properties.get("Auth", {})
    _refuse_unknown(f"API {name} Auth", auth, _API_AUTH)
    authorizers = {
        key: _authorizer(f"API {name} authorizer {key}", key, value, resolver)
        for key, value in auth.get("Authorizers", {}).items()
    }
    default = auth.get("DefaultAuthorizer", "NONE")
    if default != "NONE" and default not in authorizers:
        raise TemplateError(f"API {name}: DefaultAuthorizer {default} is not one of its Authorizers")
    return _ApiAuth(properties["StageName"], authorizers, None if default == "NONE" else authorizers[default])


def _check_authorizer_functions(api_auth: _ApiAuth, functions: Mapping[str, FunctionSpec]) -> None:
    for authorizer in api_auth.authorizers.values():
        if isinstance(authorizer, TokenAuthorizerSpec) and authorizer.function not in functions:
            raise TemplateError(f"authorizer {authorizer.name}: {authorizer.function} is not a function")


def _authorizer(where: str, key: str, properties: Mapping[str, Any], resolver: Resolver) -> AuthorizerSpec:
    identity = properties.get("Identity", {})
    if "UserPoolArn" in properties:
        _refuse_unknown(where, properties, frozenset({"UserPoolArn", "Identity"}))
        _refuse_unknown(f"{where} Identity", identity, frozenset({"Header", "ReauthorizeEvery"}))
        pool = resolver.string(properties["UserPoolArn"]).rsplit("userpool/", 1)[-1]
        if pool not in resolver.values.cognito_ids.values():
            raise TemplateError(f"{where}: UserPoolArn must name a user pool of the template (the local one)")
        ttl = int(identity.get("ReauthorizeEvery", _DEFAULT_TTL))
        return CognitoAuthorizerSpec(key, pool, identity.get("Header", "Authorization"), ttl)
    _refuse_unknown(where, properties, _TOKEN_PROPERTIES)
    _refuse_unknown(f"{where} Identity", identity, frozenset({"Header", "ReauthorizeEvery"}))
    if properties.get("FunctionPayloadType", "TOKEN") != "TOKEN":
        raise TemplateError(f"{where}: only TOKEN Lambda authorizers are supported locally")
    function = resolver.string(properties["FunctionArn"]).rsplit(":function:", 1)[-1]
    ttl = int(identity.get("ReauthorizeEvery", _DEFAULT_TTL))
    return TokenAuthorizerSpec(key, function, identity.get("Header", "Authorization"), ttl)


def _route(
    function: str, event_name: str, event: Mapping[str, Any], apis: Mapping[str, _ApiAuth], resolver: Resolver
) -> RouteSpec:
    where = f"{function} event {event_name}"
    if event.get("Type") != "Api":
        raise TemplateError(
            f"{where}: event type {event.get('Type')} is not supported locally (Api and EventBridgeRule only)"
        )
    properties = event.get("Properties", {})
    _refuse_unknown(where, properties, _EVENT_PROPERTIES)
    if "RestApiId" not in properties:
        raise TemplateError(f"{where}: an implicit API (no RestApiId) is not supported locally")
    api = resolver.string(properties["RestApiId"])
    if api not in apis:
        raise TemplateError(f"{where}: RestApiId {api} is not an AWS::Serverless::Api")
    method = str(properties.get("Method", "")).upper()
    if method not in _METHODS:
        raise TemplateError(f"{where}: Method {properties.get('Method')!r} is not an HTTP method")
    auth = properties.get("Auth", {})
    _refuse_unknown(f"{where} Auth", auth, frozenset({"Authorizer"}))
    return RouteSpec(
        api, method, _checked_path(where, properties.get("Path")), function, _chosen(where, auth, apis[api])
    )


def _chosen(where: str, auth: Mapping[str, Any], api_auth: _ApiAuth) -> AuthorizerSpec | None:
    """The event's own Auth.Authorizer (NONE: none), else the API's default."""
    name = auth.get("Authorizer")
    if name is None:
        return api_auth.default
    if name == "NONE":
        return None
    if name not in api_auth.authorizers:
        raise TemplateError(f"{where}: Authorizer {name} is not an authorizer of its API")
    return api_auth.authorizers[name]


def _checked_path(where: str, path: Any) -> str:
    if not isinstance(path, str) or not path.startswith("/"):
        raise TemplateError(f"{where}: Path {path!r} must start with /")
    segments = path.strip("/").split("/") if path != "/" else []
    for index, segment in enumerate(segments):
        greedy = segment.startswith("{") and segment.endswith("+}")
        if not segment or (greedy and index != len(segments) - 1):
            raise TemplateError(f"{where}: Path {path} is not a valid resource path")
    return path


def _unique(api: str, routes: list[RouteSpec]) -> tuple[RouteSpec, ...]:
    """The API's routes; the same method and path twice would make routing ambiguous."""
    own = tuple(route for route in routes if route.api == api)
    seen: set[tuple[str, str]] = set()
    for route in own:
        if (route.method, route.path) in seen:
            raise TemplateError(f"{api}: {route.method} {route.path} is declared twice")
        seen.add((route.method, route.path))
    return own


def _refuse_unknown(where: str, properties: Any, known: frozenset[str]) -> None:
    if not isinstance(properties, Mapping):
        raise TemplateError(f"{where}: {properties!r} is not a mapping")
    unknown = set(properties) - known
    if unknown:
        raise TemplateError(f"{where}: {sorted(unknown)} not supported locally")
