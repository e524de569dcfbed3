"""A local Cognito-compatible identity provider: the user pool, app client and admin group of template.yaml,
served over Cognito's wire protocol, with state in a local directory."""

from foodorder.local.identity.app import create_app
from foodorder.local.identity.errors import CognitoError, UnsupportedTemplate
from foodorder.local.identity.provider import IdentityProvider
from foodorder.local.identity.serving import serve_identity_provider

__all__ = [
    "CognitoError",
    "IdentityProvider",
    "UnsupportedTemplate",
    "create_app",
    "serve_identity_provider",
]
