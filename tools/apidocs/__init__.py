"""The OpenAPI documents of the stack's APIs, generated from template.yaml and the routes the handlers declare.

A tool of the project, not of the product: nothing that ships to Lambda imports it (`make docs` runs it)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from apidocs.document import Document, build_document, default_servers
from apidocs.readme import readme_requests
from apidocs.stack import load_apis

SUFFIX = ".openapi.json"


def generate(template: Path, readme: Path, deployed: Mapping[str, str] | None = None) -> dict[str, Document]:
    """{file name: document}; with a deployed stack's outputs, its URLs come first among the servers."""
    examples = readme_requests(readme)
    documents = {}
    for api in load_apis(template):
        servers = default_servers(api)
        if deployed is not None:
            servers = [{"url": deployed[api.output], "description": "The deployed stack"}, servers[0]]
        documents[f"{api.name}{SUFFIX}"] = build_document(api, examples, servers)
    return documents
