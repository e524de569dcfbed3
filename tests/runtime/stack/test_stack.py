"""The pieces of `make run` that are not the gateway or the identity provider: the socket and the outputs."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import pytest

from _support.paths import TEMPLATE
from samlocal.asgi import listening_socket
from samlocal.server.outputs import read_outputs, stack_outputs, write_outputs
from samlocal.template.intrinsics import LocalValues
from samlocal.template.loader import load_template


def test_connections_accepted_on_the_stack_socket_have_tcp_nodelay() -> None:
    # uvicorn serves the socket through asyncio's create_server, which sets TCP_NODELAY only on TCP-declared
    # sockets; without it a kept-alive client waits for its delayed ACK on every response.
    async def accepted_nodelay() -> int:
        listener = listening_socket("127.0.0.1", 0)
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                accepted = transport.get_extra_info("socket")
                seen.set_result(accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
        _, writer = await asyncio.open_connection(*listener.getsockname())
        try:
            return await asyncio.wait_for(seen, timeout=5)
        finally:
            writer.close()
            server.close()

    assert asyncio.run(accepted_nodelay()) == 1


def test_outputs_are_the_templates_outputs_with_local_urls_plus_the_cognito_and_events_endpoints_and_docs_url(
    tmp_path: Path,
) -> None:
    values = LocalValues(
        cognito_endpoint="http://127.0.0.1:3000/cognito",
        cognito_ids={"UserPool": "us-east-1_abcdefghi", "UserPoolClient": "client123"},
        gateway_endpoint="http://127.0.0.1:3000",
    )
    outputs = stack_outputs(load_template(TEMPLATE), values)
    assert outputs == {
        "APIEndpoint": "http://127.0.0.1:3000/UsersApi/Prod",
        "OrdersServiceEndpoint": "http://127.0.0.1:3000/OrdersApi/Prod",
        "UserPool": "us-east-1_abcdefghi",
        "UserPoolClient": "client123",
        "UserPoolAdminGroupName": "apiAdmins",
        "UsersTable": "UsersTable",
        "OrdersTable": "OrdersTable",
        "IdempotencyTable": "IdempotencyTable",
        "RestaurantBusName": "local-orders",
        "CognitoEndpoint": "http://127.0.0.1:3000/cognito",
        "EventsEndpoint": "http://127.0.0.1:3000/events",
        "DocsURL": "http://127.0.0.1:3000/docs/",
    }
    write_outputs(tmp_path, outputs)
    assert read_outputs(tmp_path) == outputs


def test_a_busy_port_is_a_one_line_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(OSError, match=rf"^cannot listen on 127\.0\.0\.1:{port}: Address already in use$"):
            listening_socket("127.0.0.1", port).close()
