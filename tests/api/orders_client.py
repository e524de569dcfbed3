"""Calls the real Lambda handlers of the Orders API with API Gateway REST proxy events."""

from __future__ import annotations

from typing import Any

from foodorder.handlers.orders import cancel, create, edit, get
from foodorder.handlers.orders import list as list_handler
from support import lambda_context, rest_event

README_BODY = (
    '{"restaurantId":1,"orderId":"hogehoge","orderItems":[{"id":1,"name":"Spaghetti","price":9.99,"quantity":1},'
    '{"id":2,"name":"Pizza - SMALL","price":4.99,"quantity":2}],"totalAmount":19.97}'
)
EDIT_BODY = (
    '{"restaurantId":1,"orderId":"hogehoge","orderItems":[{"id":1,"name":"Spaghetti","price":9.99,"quantity":1},'
    '{"id":2,"name":"Pizza - SMALL","price":4.99,"quantity":2},{"id":3,"name":"Salad","price":2.49,"quantity":1}],'
    '"totalAmount":19.97}'
)


def body_for(order_id: str, total: str = "19.97") -> str:
    return README_BODY.replace('"hogehoge"', f'"{order_id}"').replace('"totalAmount":19.97', f'"totalAmount":{total}')


class OrdersClient:
    def __init__(self, sub: str = "user-1") -> None:
        self.claims = {"sub": sub, "token_use": "id", "email": f"{sub}@example.com"}

    def create(self, body: Any, *, is_base64: bool = False, **kwargs: Any) -> dict[str, Any]:
        event = rest_event("POST", "/orders", "/orders", body=body, claims=self.claims, **kwargs)
        event["isBase64Encoded"] = is_base64
        return create.handler(event, lambda_context())

    def get(self, order_id: str) -> dict[str, Any]:
        return get.handler(self._item_event("GET", order_id), lambda_context())

    def list(self, **query: str) -> dict[str, Any]:
        event = rest_event("GET", "/orders", "/orders", claims=self.claims, query=query or None)
        return list_handler.handler(event, lambda_context())

    def edit(self, order_id: str, body: Any) -> dict[str, Any]:
        return edit.handler(self._item_event("PUT", order_id, body), lambda_context())

    def cancel(self, order_id: str) -> dict[str, Any]:
        return cancel.handler(self._item_event("DELETE", order_id), lambda_context())

    def _item_event(self, method: str, order_id: str, body: Any = None) -> dict[str, Any]:
        return rest_event(
            method,
            f"/orders/{order_id}",
            "/orders/{orderId}",
            body=body,
            claims=self.claims,
            path_parameters={"orderId": order_id},
        )


def create_in_process(sqlite_path: str, start: Any, results: Any) -> None:
    """One racer of the multi-process test: its own interpreter, its own connection to the shared file."""
    from foodorder import bootstrap
    from foodorder.bootstrap import Container
    from foodorder.config import Settings

    bootstrap.use(Container(Settings(storage_backend="sqlite", sqlite_path=sqlite_path)))
    start.wait()
    response = OrdersClient("alice-sub").create(README_BODY)
    headers = response.get("multiValueHeaders") or {}
    results.put((response["statusCode"], "Idempotent-Replayed" in headers))
