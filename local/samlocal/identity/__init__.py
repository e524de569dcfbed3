"""A local Cognito-compatible identity provider: the user pool, app client and admin group of template.yaml,
served over Cognito's wire protocol, with state in a local directory."""

from samlocal.identity.app import create_app
from samlocal.identity.errors import CognitoError, UnsupportedTemplate
from samlocal.identity.provider import IdentityProvider
from samlocal.identity.serving import serve_identity_provider

__all__ = [
    "CognitoError",
    "IdentityProvider",
    "UnsupportedTemplate",
    "create_app",
    "serve_identity_provider",
]
