"""template.yaml as CloudFormation receives it: transformed by aws-sam-translator, the library behind `sam deploy`
and CloudFormation's AWS::Serverless transform, offline."""

from __future__ import annotations

import copy
import functools
from typing import Any

from samtranslator.translator.transform import transform

from _support.paths import TEMPLATE
from samlocal.template.loader import load_template


class _NoManagedPolicies:
    """The template names no managed policy by name, so the translator never needs IAM to look one up."""

    def load(self) -> dict[str, str]:
        return {}


@functools.cache
def _transformed() -> dict[str, Any]:
    # `sam package` would have replaced CodeUri with the artifact's S3 address; the region is tests/conftest.py's.
    template = copy.deepcopy(load_template(TEMPLATE))
    template["Globals"]["Function"]["CodeUri"] = "s3://artifacts/foodorder.zip"
    resources: dict[str, Any] = transform(template, {}, _NoManagedPolicies())["Resources"]
    return resources


def transformed_resources() -> dict[str, Any]:
    """The transformed template's resources (a copy: tests may not change what other tests read)."""
    return copy.deepcopy(_transformed())


def rest_api_body(api: str) -> dict[str, Any]:
    """The OpenAPI document SAM generates for an AWS::Serverless::Api: its paths, authorizers, gateway responses."""
    body: dict[str, Any] = transformed_resources()[api]["Properties"]["Body"]
    return body
