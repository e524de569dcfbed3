"""The routes the handler modules declare, for what reads them from outside a function: the OpenAPI documents
(tools/apidocs) and the route parity test. No function imports this module, so a cold start never walks the
handlers."""

from __future__ import annotations

import importlib
import pkgutil

import foodorder.handlers
from foodorder.handlers._http import HttpFunction, Route

__all__ = ["HttpFunction", "Route", "declared_routes"]


def declared_routes() -> dict[str, list[Route]]:
    """Every route the handler modules declare, by the dotted handler path template.yaml names (module.handler)."""
    routes: dict[str, list[Route]] = {}
    for module_info in pkgutil.walk_packages(foodorder.handlers.__path__, "foodorder.handlers."):
        app = getattr(importlib.import_module(module_info.name), "app", None)
        if isinstance(app, HttpFunction):
            routes[f"{module_info.name}.handler"] = list(app.routes)
    return routes
