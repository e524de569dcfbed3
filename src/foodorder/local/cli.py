"""`foodorder-local`: run the local stack, and do by hand what a newcomer needs (users, tokens, outputs).

Heavy imports stay inside the commands: each function's worker process re-imports this module when it spawns."""

from __future__ import annotations

import argparse
import json
import logging
import os
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from foodorder.local.identity import IdentityProvider


def _state_dir(args: argparse.Namespace) -> Path:
    return Path(args.state_dir)


def run(args: argparse.Namespace) -> int:
    from foodorder.local.stack import StackOptions, serve

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    serve(StackOptions(host=args.host, port=args.port, state_dir=_state_dir(args), template=Path(args.template)))
    return 0


def outputs(args: argparse.Namespace) -> int:
    from foodorder.local.stack import read_outputs

    values = read_outputs(_state_dir(args))
    if args.env:
        # For `eval "$(foodorder-local outputs --env)"`: one export per output, quoted for the shell.
        print("\n".join(f"export {name}={shlex.quote(value)}" for name, value in values.items()))
    else:
        print(json.dumps(values, indent=2))
    return 0


def _provider(args: argparse.Namespace) -> IdentityProvider:
    from foodorder.local.identity import IdentityProvider
    from foodorder.local.template import load_template

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
    from foodorder.local.stack import read_outputs

    endpoint = read_outputs(_state_dir(args))["CognitoEndpoint"]
    provider = _provider(args)
    try:
        print(provider.id_token_for(args.email, args.password, endpoint))
    finally:
        provider.close()
    return 0


def parser() -> argparse.ArgumentParser:
    from foodorder.local.template import TEMPLATE_PATH

    top = argparse.ArgumentParser(prog="foodorder-local", description=__doc__)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--state-dir", default=os.environ.get("STATE_DIR", ".state"), help="default: $STATE_DIR or .state"
    )
    common.add_argument("--template", default=str(TEMPLATE_PATH), help="the SAM template to serve")
    commands = top.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("run", parents=[common], help="start the local stack")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    serve.add_argument("--port", type=int, default=os.environ.get("PORT", "3000"), help="default: $PORT or 3000")
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
    from foodorder.local.identity import CognitoError, UnsupportedTemplate
    from foodorder.local.resolve import TemplateError

    args = parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        return 130
    except (CognitoError, UnsupportedTemplate, TemplateError, OSError) as error:
        # What a user can fix (a wrong password, a busy port, a template the stack cannot serve) is one line.
        print(f"foodorder-local: {error}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
