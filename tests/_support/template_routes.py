"""The routes template.yaml binds, read from the template's own text (not through the runtime's reader, which the
tests check): one per Api event of a function."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple


class TemplateRoute(NamedTuple):
    api: str  # the API's logical id
    event: str  # the event's name: the operation's id in the documents
    method: str  # upper case, as API Gateway and the handlers name it
    path: str
    handler: str


def template_routes(template: Mapping[str, Any]) -> set[TemplateRoute]:
    routes: set[TemplateRoute] = set()
    for resource in template["Resources"].values():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        properties = resource["Properties"]
        for name, event in properties.get("Events", {}).items():
            if event["Type"] == "Api":
                bound = event["Properties"]
                api = bound["RestApiId"]["Ref"]
                routes.add(TemplateRoute(api, name, bound["Method"].upper(), bound["Path"], properties["Handler"]))
    return routes
