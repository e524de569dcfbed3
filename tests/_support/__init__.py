"""Test support, one copy of each: paths, a settable clock, keys and Cognito-shaped tokens, a JWKS server on
loopback, sample orders, the template's DynamoDB tables, documented API Gateway events, and the real gateway
in-process."""
