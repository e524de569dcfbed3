"""The interactive docs page: Swagger UI, from a Python package (works offline), over the OpenAPI documents it is
given, with a sign-in form for a Cognito-compatible identity provider."""

from samlocal.docs.app import DOCS_PREFIX, DOCUMENT_SUFFIX, SignIn, create_docs_app

__all__ = ["DOCS_PREFIX", "DOCUMENT_SUFFIX", "SignIn", "create_docs_app"]
