"""Run a SAM template's stack locally, and do by hand what a newcomer needs (users, tokens, outputs).

Defaults come from samconfig.toml's [default.local_start_api.parameters] (template_file, env_vars, host, port), as
`sam local start-api` reads them; options on the command line win. Heavy imports stay inside the commands: every
execution environment re-imports this module (multiprocessing's main module) when the fork server starts it."""

from __future__ import annotations

import argparse
import json
import logging
import os
import shlex
import sys
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from samlocal.identity import IdentityProvider

SAMCONFIG = Path("samconfig.toml")


def samconfig_defaults(path: Path = SAMCONFIG) -> Mapping[str, Any]:
    """sam's own defaults for `local start-api`; none when there is no samconfig.toml."""
    if not path.is_file():
        return {}
    with path.open("rb") as stream:
        config = tomllib.load(stream)
    parameters = config.get("default", {}).get("local_start_api", {}).get("parameters", {})
    return parameters if isinstance(parameters, dict) else {}


def _state_dir(args: argparse.Namespace) -> Path:
    return Path(args.state_dir)


def run(args: argparse.Namespace) -> int:
    from samlocal.server.stack import StackOptions, serve

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    options = StackOptions(
        host=args.host,
        port=args.port,
        state_dir=_state_dir(args),
        template=Path(args.template),
        env_vars=Path(args.env_vars) if args.env_vars else None,
        reload=args.reload,
        docs=Path(args.docs) if args.docs else None,
    )
    serve(options)
    return 0


def outputs(args: argparse.Namespace) -> int:
    from samlocal.server.outputs import read_outputs

    values = read_outputs(_state_dir(args))
    if args.env:
        # For `eval "$(<this command> outputs --env)"`: one export per output, quoted for the shell.
        print("\n".join(f"export {name}={shlex.quote(value)}" for name, value in values.items()))
    else:
        print(json.dumps(values, indent=2))
    return 0


def _provider(args: argparse.Namespace) -> IdentityProvider:
    from samlocal.identity import IdentityProvider
    from samlocal.template.loader import load_template

    return IdentityProvider(_state_dir(args), load_template(args.template))


def create_user(args: argparse.Namespace) -> int:
    provider = _provider(args)
    try:
        sub = provider.admin_create_user(args.email, args.name, args.password, admin=args.admin)
    finally:
        provider.close()
    print(sub)
    return 0


def token(args: argparse.Namespace) -> int:
    from samlocal.server.outputs import read_outputs

    endpoint = read_outputs(_state_dir(args))["CognitoEndpoint"]
    provider = _provider(args)
    try:
        print(provider.id_token_for(args.email, args.password, endpoint))
    finally:
        provider.close()
    return 0


def parser(defaults: Mapping[str, Any] | None = None) -> argparse.ArgumentParser:
    sam = samconfig_defaults() if defaults is None else defaults
    top = argparse.ArgumentParser(description=__doc__)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--state-dir", default=os.environ.get("STATE_DIR", ".state"), help="default: $STATE_DIR or .state"
    )
    common.add_argument(
        "--template", default=str(sam.get("template_file", "template.yaml")), help="the SAM template to serve"
    )
    commands = top.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("run", parents=[common], help="start the local stack")
    serve.add_argument(
        "--host", default=str(sam.get("host", "127.0.0.1")), help="address to bind (default: loopback only)"
    )
    serve.add_argument(
        "--port", type=int, default=os.environ.get("PORT", sam.get("port", 3000)), help="default: $PORT or 3000"
    )
    serve.add_argument(
        "--env-vars",
        default=sam.get("env_vars"),
        help="what differs locally, in the format of sam local --env-vars (values may name ${STATE_DIR})",
    )
    serve.add_argument(
        "--no-reload", dest="reload", action="store_false", help="do not serve saved changes without a restart"
    )
    serve.add_argument(
        "--docs", help="directory of the *.openapi.json the docs page shows (default: docs/ beside the template)"
    )
    serve.set_defaults(func=run)

    show = commands.add_parser("outputs", parents=[common], help="print the stack outputs (outputs.json)")
    show.add_argument("--env", action="store_true", help="as shell export lines")
    show.set_defaults(func=outputs)

    user = commands.add_parser("create-user", parents=[common], help="create a confirmed user with a password")
    user.add_argument("email")
    user.add_argument("--name", required=True)
    user.add_argument("--password", required=True)
    user.add_argument("--admin", action="store_true", help="add the user to the admin group")
    user.set_defaults(func=create_user)

    sign_in = commands.add_parser("token", parents=[common], help="sign in and print a fresh ID token")
    sign_in.add_argument("email")
    sign_in.add_argument("--password", required=True)
    sign_in.set_defaults(func=token)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    from samlocal.identity import CognitoError, UnsupportedTemplate
    from samlocal.template.intrinsics import TemplateError

    try:
        args = parser().parse_args(argv)
        code: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    except (CognitoError, UnsupportedTemplate, TemplateError, OSError, tomllib.TOMLDecodeError) as error:
        # What a user can fix (a wrong password, a busy port, a template the stack cannot serve) is one line.
        print(f"{Path(sys.argv[0]).name}: {error}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
