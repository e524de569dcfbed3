"""The gateway tests' fixtures live in gateway_support.py, which the tests also import for its helpers."""

from runtime.gateway.gateway_support import fake_gateway, fake_state, jwks, process_gateway, send, sign, signing_key

__all__ = ["fake_gateway", "fake_state", "jwks", "process_gateway", "send", "sign", "signing_key"]
