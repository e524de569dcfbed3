"""Cognito's error shapes: each class is one `__type` botocore turns into the exception of that name."""

from __future__ import annotations


class CognitoError(Exception):
    """An error answered as HTTP 400 `{"__type": type_name, "message": message}`, as Cognito answers."""

    type_name = "InternalErrorException"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAuthorized(CognitoError):
    type_name = "NotAuthorizedException"


class UsernameExists(CognitoError):
    type_name = "UsernameExistsException"


class InvalidPassword(CognitoError):
    type_name = "InvalidPasswordException"


class InvalidParameter(CognitoError):
    type_name = "InvalidParameterException"


class UserNotConfirmed(CognitoError):
    type_name = "UserNotConfirmedException"


class CodeMismatch(CognitoError):
    type_name = "CodeMismatchException"


class ExpiredCode(CognitoError):
    type_name = "ExpiredCodeException"


class UserNotFound(CognitoError):
    type_name = "UserNotFoundException"


class ResourceNotFound(CognitoError):
    type_name = "ResourceNotFoundException"


class UnknownOperation(CognitoError):
    type_name = "UnknownOperationException"


class Serialization(CognitoError):
    """A body that is not a JSON object: what AWS JSON services answer for a request they cannot read."""

    type_name = "SerializationException"


class UnsupportedTemplate(ValueError):
    """template.yaml asks for a pool or client setting the local provider cannot honour; raised at start."""
