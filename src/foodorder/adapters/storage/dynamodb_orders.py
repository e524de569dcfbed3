"""Orders in DynamoDB, in the workshop's item layout: keys `userId`/`orderId`, the order under a `data` map."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import boto3
from botocore.exceptions import ClientError

from foodorder.adapters.storage.dynamodb_items import condition_failed, from_attributes, to_attributes
from foodorder.domain.lifecycle import OrderStatus, StatusNotChanged, may_follow, require_restaurant_status
from foodorder.domain.orders import (
    Order,
    OrderAlreadyExists,
    OrderDraft,
    OrderNotCancellable,
    OrderNotEditable,
    OrderNotFound,
    items_document,
)
from foodorder.domain.pagination import Page

if TYPE_CHECKING:
    from mypy_boto3_dynamodb.client import DynamoDBClient


def _order(item: dict[str, Any]) -> Order:
    return Order.from_document(from_attributes(item)["data"])


class DynamoDbOrders:
    def __init__(self, table_name: str, client: DynamoDBClient | None = None) -> None:
        self._table = table_name
        self._client: DynamoDBClient = client or boto3.client("dynamodb")

    def _key(self, user_id: str, order_id: str) -> dict[str, Any]:
        return {"userId": {"S": user_id}, "orderId": {"S": order_id}}

    def add(self, order: Order) -> None:
        item = {"userId": order.user_id, "orderId": order.order_id, "data": order.to_document()}
        try:
            self._client.put_item(
                TableName=self._table,
                Item=to_attributes(item),
                ConditionExpression="attribute_not_exists(orderId)",
                # The refused write hands back the order that holds the id: no second read, no GetItem grant.
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except ClientError as exc:
            if condition_failed(exc):
                found: dict[str, Any] | None = exc.response.get("Item")  # type: ignore[assignment]
                raise OrderAlreadyExists(order.order_id, _order(found) if found else None) from exc
            raise

    def get(self, user_id: str, order_id: str) -> Order:
        response = self._client.get_item(TableName=self._table, Key=self._key(user_id, order_id), ConsistentRead=True)
        if "Item" not in response:
            raise OrderNotFound(order_id)
        return _order(response["Item"])

    def list(self, user_id: str, limit: int, after: str | None) -> Page[Order]:
        # A query page stops at 1 MB, so keep reading until one item beyond the page proves another exists.
        items: list[dict[str, Any]] = []
        start = self._key(user_id, after) if after else None
        while len(items) <= limit:
            kwargs: dict[str, Any] = {"ExclusiveStartKey": start} if start else {}
            response = self._client.query(
                TableName=self._table,
                KeyConditionExpression="userId = :u",
                ExpressionAttributeValues={":u": {"S": user_id}},
                Limit=limit + 1 - len(items),
                ConsistentRead=True,
                **kwargs,
            )
            items.extend(response.get("Items", []))
            start = response.get("LastEvaluatedKey")
            if not start:
                break
        orders = [_order(item) for item in items[:limit]]
        return Page(orders, orders[-1].order_id if len(items) > limit else None)

    def update_placed(self, user_id: str, draft: OrderDraft) -> Order:
        return self._conditional_update(
            user_id,
            draft.order_id,
            "SET #d.restaurantId = :restaurant, #d.orderItems = :items, #d.totalAmount = :total",
            "attribute_exists(orderId) AND #d.#s = :placed",
            {
                ":restaurant": draft.restaurant_id,
                ":items": [items_document(item) for item in draft.items],
                ":total": draft.total_amount,
                ":placed": "PLACED",
            },
            lambda _: OrderNotEditable(draft.order_id),
        )

    def cancel_placed(self, user_id: str, order_id: str, placed_after: str, at: str) -> Order:
        return self._conditional_update(
            user_id,
            order_id,
            "SET #d.#s = :canceled, #d.statusTime = :at",
            "attribute_exists(orderId) AND #d.#s = :placed AND #d.orderTime > :after",
            {":canceled": "CANCELED", ":placed": "PLACED", ":after": placed_after, ":at": at},
            lambda _: OrderNotCancellable(order_id),
        )

    def change_status(self, user_id: str, order_id: str, status: OrderStatus, at: str) -> Order:
        require_restaurant_status(status)
        # Every restaurant status may follow at least one other, so the IN list is never empty (DynamoDB refuses IN ()).
        allowed = {f":from{index}": value.value for index, value in enumerate(sorted(may_follow(status)))}
        return self._conditional_update(
            user_id,
            order_id,
            "SET #d.#s = :status, #d.statusTime = :at",
            f"attribute_exists(orderId) AND #d.#s IN ({', '.join(allowed)})",
            {":status": status.value, ":at": at, **allowed},
            lambda found: StatusNotChanged(order_id, found.status, status),
        )

    def _conditional_update(
        self,
        user_id: str,
        order_id: str,
        update: str,
        condition: str,
        values: dict[str, Any],
        refusal: Callable[[Order], Exception],
    ) -> Order:
        try:
            response = self._client.update_item(
                TableName=self._table,
                Key=self._key(user_id, order_id),
                UpdateExpression=update,
                ConditionExpression=condition,
                ExpressionAttributeNames={"#d": "data", "#s": "status"},
                ExpressionAttributeValues=to_attributes(values),
                ReturnValues="ALL_NEW",
                ReturnValuesOnConditionCheckFailure="ALL_OLD",
            )
        except ClientError as exc:
            if not condition_failed(exc):
                raise
            # The failed write hands back the item it found, if any: absent is 404, present is a broken rule.
            found: dict[str, Any] | None = exc.response.get("Item")  # type: ignore[assignment]
            if found is None:
                raise OrderNotFound(order_id) from exc
            raise refusal(_order(found)) from exc
        return _order(response["Attributes"])
