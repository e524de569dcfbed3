"""Route selection as API Gateway REST APIs do it: the most specific resource first, then its method.

Resources are compared segment by segment from the left: a literal segment beats `{param}`, which beats a greedy
`{proxy+}`. The method is looked up on that one resource only (then ANY); a method it lacks is no route.

The path and the path parameters keep the client's percent-encoding, as API Gateway REST APIs deliver them (a live
capture: `path` "/capture/space%20value", `pathParameters` {"proxy": "capture/space%20value"}); an encoded slash
stays inside its segment. Only the comparison with a literal segment decodes."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

from samlocal.template.topology import ApiSpec, RouteSpec


@dataclass(frozen=True)
class RouteMatch:
    """`path` and `path_parameters` as the client sent them (percent-encoded); `path` lacks the /{api}/{stage}."""

    route: RouteSpec
    path: str
    path_parameters: dict[str, str]


def split_path(raw_path: str) -> list[str]:
    """The segments of a percent-encoded path, still encoded."""
    stripped = raw_path.strip("/")
    return stripped.split("/") if stripped else []


def same_segment(segment: str, literal: str) -> bool:
    """Whether a segment as sent names `literal` (an API id, a stage, a literal path part)."""
    return unquote(segment) == literal


def match_route(api: ApiSpec, method: str, segments: list[str]) -> RouteMatch | None:
    matched = match_resource(api, segments)
    if matched is None:
        return None
    resource, parameters = matched
    by_method = {route.method: route for route in api.routes if route.path == resource}
    route = by_method.get(method.upper()) or by_method.get("ANY")
    if route is None:
        return None
    return RouteMatch(route, "/" + "/".join(segments), parameters)


def match_resource(api: ApiSpec, segments: list[str]) -> tuple[str, dict[str, str]] | None:
    """The most specific resource of the API that `segments` fall under, with its path parameters."""
    candidates: list[tuple[tuple[int, ...], str, dict[str, str]]] = []
    for resource in {route.path for route in api.routes}:
        matched = _match_resource(resource, segments)
        if matched is not None:
            candidates.append((matched[0], resource, matched[1]))
    if not candidates:
        return None
    _, resource, parameters = min(candidates, key=lambda candidate: candidate[0])
    return resource, parameters


def _match_resource(resource: str, segments: list[str]) -> tuple[tuple[int, ...], dict[str, str]] | None:
    """Specificity rank and path parameters when `segments` fall under `resource`, else None."""
    pattern = [part for part in resource.split("/") if part]
    ranks: list[int] = []
    parameters: dict[str, str] = {}
    for index, part in enumerate(pattern):
        if part.startswith("{") and part.endswith("+}"):
            if index >= len(segments):
                return None
            parameters[part[1:-2]] = "/".join(segments[index:])
            return (*ranks, 2), parameters
        if index >= len(segments):
            return None
        if part.startswith("{") and part.endswith("}") and segments[index]:
            parameters[part[1:-1]] = segments[index]
            ranks.append(1)
        elif same_segment(segments[index], part):
            ranks.append(0)
        else:
            return None
    return (tuple(ranks), parameters) if len(pattern) == len(segments) else None
