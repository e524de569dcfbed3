"""`python -m apidocs`: writes the documents (make docs). With --stack-name, the deployed stack's URLs (from its
CloudFormation outputs) are the documents' first servers, so the docs page drives that stack."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from apidocs import generate


def stack_outputs(stack_name: str, profile: str | None, region: str | None) -> dict[str, str]:
    import boto3

    session = boto3.Session(profile_name=profile, region_name=region)
    described: Any = session.client("cloudformation").describe_stacks(StackName=stack_name)
    return {output["OutputKey"]: output["OutputValue"] for output in described["Stacks"][0].get("Outputs", [])}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m apidocs", description=__doc__)
    parser.add_argument("--template", default="template.yaml")
    parser.add_argument("--readme", default="README.md", help="whose curl commands are the examples")
    parser.add_argument("--out", default="docs", help="directory to write <Api>.openapi.json into")
    parser.add_argument("--stack-name", help="a deployed stack whose API URLs the documents should name")
    parser.add_argument("--profile", help="AWS profile for --stack-name")
    parser.add_argument("--region", help="AWS region for --stack-name")
    args = parser.parse_args(argv)
    deployed = stack_outputs(args.stack_name, args.profile, args.region) if args.stack_name else None
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, document in generate(Path(args.template), Path(args.readme), deployed).items():
        (out / name).write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        print(out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
