"""Tables written by the original workshop stack stay readable: keys userId/orderId, the order under `data`."""

from __future__ import annotations

import json
from decimal import Decimal

import boto3
from moto import mock_aws

from _support.dynamodb import create_template_tables
from foodorder.adapters.storage.dynamodb_orders import DynamoDbOrders
from foodorder.domain.lifecycle import OrderStatus

LATER = "2026-01-02T03:05:00Z"


def test_an_item_written_as_the_workshop_wrote_it_is_read_and_cancelled() -> None:
    with mock_aws():
        client = boto3.client("dynamodb")
        table_name = create_template_tables(client)["OrdersTable"]
        # The workshop's create function: json.loads(json.dumps(item), parse_float=Decimal), then put_item.
        data = {
            "orderId": "hogehoge",
            "userId": "user-1",
            "restaurantId": 1,
            "totalAmount": 19.97,
            "orderItems": [{"id": 1, "name": "Spaghetti", "price": 9.99, "quantity": 1}],
            "status": "PLACED",
            "orderTime": "2026-01-02T03:04:05Z",
        }
        item = json.loads(json.dumps({"orderId": "hogehoge", "userId": "user-1", "data": data}), parse_float=Decimal)
        boto3.resource("dynamodb").Table(table_name).put_item(Item=item)

        repo = DynamoDbOrders(table_name, client)
        order = repo.get("user-1", "hogehoge")
        assert (order.total_amount, order.items[0].price) == (Decimal("19.97"), Decimal("9.99"))
        # The workshop stored no statusTime: the order has been PLACED since it was placed.
        assert order.status_time == "2026-01-02T03:04:05Z"
        repo.cancel_placed("user-1", "hogehoge", placed_after="2000-01-01T00:00:00Z", at=LATER)
        raw = client.get_item(TableName=table_name, Key={"userId": {"S": "user-1"}, "orderId": {"S": "hogehoge"}})
        assert raw["Item"]["data"]["M"]["status"] == {"S": OrderStatus.CANCELED.value}
        assert set(raw["Item"]) == {"userId", "orderId", "data"}
