"""Users in DynamoDB, in the workshop's item layout: key `userid`, then `name`, `email` (when known), `timestamp`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import boto3
from botocore.exceptions import ClientError

from foodorder.adapters.storage.dynamodb_items import condition_failed, from_attributes, to_attributes
from foodorder.domain.pagination import Page
from foodorder.domain.users import User, UserAlreadyExists, UserNotFound

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient


def _item(user: User) -> dict[str, Any]:
    return to_attributes(user.to_document())


def _user(item: dict[str, Any]) -> User:
    return User.from_document(from_attributes(item))


def _key(userid: str) -> dict[str, Any]:
    return {"userid": {"S": userid}}


class DynamoDbUsers:
    def __init__(self, table_name: str, client: DynamoDBClient | None = None) -> None:
        self._table = table_name
        self._client: DynamoDBClient = client or boto3.client("dynamodb")

    def add(self, user: User) -> None:
        try:
            self._client.put_item(
                TableName=self._table, Item=_item(user), ConditionExpression="attribute_not_exists(userid)"
            )
        except ClientError as exc:
            if condition_failed(exc):
                raise UserAlreadyExists(user.userid) from exc
            raise

    def put(self, user: User) -> bool:
        # The replaced item, if any, comes back with the write itself: no read before it.
        response = self._client.put_item(TableName=self._table, Item=_item(user), ReturnValues="ALL_OLD")
        return "Attributes" not in response

    def get(self, userid: str) -> User:
        response = self._client.get_item(TableName=self._table, Key=_key(userid), ConsistentRead=True)
        if "Item" not in response:
            raise UserNotFound(userid)
        return _user(response["Item"])

    def list(self, limit: int, after: str | None) -> Page[User]:
        # A scan visits items in the table's own (hash) order, the same on every call, so resuming after a key
        # neither repeats nor skips. A scan page stops at 1 MB: read on until one item beyond the page is seen.
        items: list[dict[str, Any]] = []
        start = _key(after) if after else None
        while len(items) <= limit:
            kwargs: dict[str, Any] = {"ExclusiveStartKey": start} if start else {}
            response = self._client.scan(
                TableName=self._table, Limit=limit + 1 - len(items), ConsistentRead=True, **kwargs
            )
            items.extend(response.get("Items", []))
            start = response.get("LastEvaluatedKey")
            if not start:
                break
        users = [_user(item) for item in items[:limit]]
        return Page(users, users[-1].userid if len(items) > limit else None)

    def delete(self, userid: str) -> None:
        try:
            self._client.delete_item(
                TableName=self._table, Key=_key(userid), ConditionExpression="attribute_exists(userid)"
            )
        except ClientError as exc:
            if condition_failed(exc):
                raise UserNotFound(userid) from exc
            raise
