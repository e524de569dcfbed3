"""The Users table keeps the workshop's item layout: a flat item keyed `userid`, plus `name`, `email` when known,
and `timestamp`, so a table written by the original stack stays readable and vice versa."""

from __future__ import annotations

import boto3
from moto import mock_aws

from _support.dynamodb import create_template_tables
from foodorder.adapters.storage.dynamodb_users import DynamoDbUsers
from foodorder.domain.users import User


def test_an_item_written_as_the_workshop_wrote_it_is_read_back() -> None:
    with mock_aws():
        client = boto3.client("dynamodb")
        table_name = create_template_tables(client)["UsersTable"]
        # The workshop's PUT stored the request body plus datetime.now().isoformat() as the timestamp.
        boto3.resource("dynamodb").Table(table_name).put_item(
            Item={"userid": "user-1", "name": "My name is hogehoge", "timestamp": "2023-05-01T12:34:56.789012"}
        )

        assert DynamoDbUsers(table_name, client).get("user-1") == User(
            userid="user-1", name="My name is hogehoge", email=None, timestamp="2023-05-01T12:34:56.789012"
        )


def test_a_stored_user_is_one_flat_item_of_strings() -> None:
    with mock_aws():
        client = boto3.client("dynamodb")
        table_name = create_template_tables(client)["UsersTable"]
        repo = DynamoDbUsers(table_name, client)
        repo.add(User(userid="user-1", name="Hoge", email="hoge@example.com", timestamp="2026-01-02T03:04:05Z"))
        repo.add(User(userid="user-2", name="Fuga", email=None, timestamp="2026-01-02T03:04:05Z"))

        with_email = client.get_item(TableName=table_name, Key={"userid": {"S": "user-1"}})["Item"]
        without_email = client.get_item(TableName=table_name, Key={"userid": {"S": "user-2"}})["Item"]

        assert with_email == {
            "userid": {"S": "user-1"},
            "name": {"S": "Hoge"},
            "email": {"S": "hoge@example.com"},
            "timestamp": {"S": "2026-01-02T03:04:05Z"},
        }
        assert set(without_email) == {"userid", "name", "timestamp"}
