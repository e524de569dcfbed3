"""Users of the stack under test, set up with the boto3 calls that work on both the local identity provider and
Cognito: AdminCreateUser (no invitation), AdminSetUserPassword (permanent), AdminAddUserToGroup, InitiateAuth."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mypy_boto3_cognito_idp import CognitoIdentityProviderClient

# Cognito's default password policy: upper, lower, digit, symbol, 8 or more characters.
PASSWORD = "Integr4tion-Test!"


@dataclass(frozen=True)
class Person:
    email: str
    sub: str
    id_token: str
    access_token: str

    @property
    def auth(self) -> dict[str, str]:
        """The README's header: the raw ID token, no `Bearer ` prefix."""
        return {"Authorization": self.id_token}


class People:
    """Creates users with unique emails per run, and deletes them all at the end."""

    def __init__(self, cognito: CognitoIdentityProviderClient, outputs: dict[str, str]) -> None:
        self._cognito = cognito
        self._pool = outputs["UserPool"]
        self._client_id = outputs["UserPoolClient"]
        self._admin_group = outputs["UserPoolAdminGroupName"]
        self._run = uuid.uuid4().hex[:12]
        self._created: list[str] = []

    def create(self, label: str, *, admin: bool = False) -> Person:
        email = f"integration-{self._run}-{label}@example.com"
        self._cognito.admin_create_user(
            UserPoolId=self._pool,
            Username=email,
            MessageAction="SUPPRESS",
            UserAttributes=[
                {"Name": "email", "Value": email},
                {"Name": "name", "Value": label.title()},
                {"Name": "email_verified", "Value": "true"},
            ],
        )
        self._created.append(email)
        self._cognito.admin_set_user_password(UserPoolId=self._pool, Username=email, Password=PASSWORD, Permanent=True)
        if admin:
            self._cognito.admin_add_user_to_group(UserPoolId=self._pool, Username=email, GroupName=self._admin_group)
        return self.sign_in(email)

    def sign_in(self, email: str, password: str = PASSWORD) -> Person:
        result = self._cognito.initiate_auth(
            ClientId=self._client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": password},
        )["AuthenticationResult"]
        user = self._cognito.admin_get_user(UserPoolId=self._pool, Username=email)
        sub = next(attribute["Value"] for attribute in user["UserAttributes"] if attribute["Name"] == "sub")
        return Person(email=email, sub=sub, id_token=result["IdToken"], access_token=result["AccessToken"])

    def delete_all(self) -> None:
        for email in self._created:
            self._cognito.admin_delete_user(UserPoolId=self._pool, Username=email)
        self._created.clear()
