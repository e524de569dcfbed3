"""Composition root: builds each dependency from Settings the first time it is needed, once per cold start.

Handlers ask for what they use, so a function loads only its own adapters. A container is kept per Settings: on
Lambda the environment never changes, so there is one; a local runtime that runs several functions in one process
gets one per function environment. Tests choose how containers are built (their clock, their fakes) with `use()`
instead of patching."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING

from foodorder.adapters.registry import Storage, open_storage
from foodorder.config import Settings
from foodorder.domain.ports import Clock, OrdersRepository, UsersRepository

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency.persistence.base import BasePersistenceLayer

    from foodorder.auth.id_tokens import IdTokenVerifier
    from foodorder.services.placement import IdempotentPlacement


def utc_now() -> datetime:
    return datetime.now(UTC)


class Container:
    def __init__(self, settings: Settings, clock: Clock = utc_now) -> None:
        self.settings = settings
        self.clock = clock

    @cached_property
    def storage(self) -> Storage:
        return open_storage(self.settings)

    @cached_property
    def orders(self) -> OrdersRepository:
        return self.storage.orders()

    @cached_property
    def users(self) -> UsersRepository:
        return self.storage.users()

    @cached_property
    def idempotency_store(self) -> BasePersistenceLayer:
        return self.storage.idempotency()

    @cached_property
    def placement(self) -> IdempotentPlacement:
        from foodorder.services.placement import IdempotentPlacement

        return IdempotentPlacement(self.orders, self.clock, self.idempotency_store)

    @cached_property
    def id_tokens(self) -> IdTokenVerifier:
        """The authorizer's verifier; its JWKS cache lives as long as the container: one execution environment."""
        from foodorder.auth.id_tokens import IdTokenVerifier
        from foodorder.auth.jwks import JwksCache

        settings = self.settings
        return IdTokenVerifier(
            issuer=settings.require("COGNITO_ISSUER", settings.cognito_issuer),
            client_id=settings.require("USER_POOL_CLIENT_ID", settings.user_pool_client_id),
            admin_group=settings.admin_group,
            keys=JwksCache(settings.require("JWKS_URL", settings.jwks_url)),
        )

    def close(self) -> None:
        if "storage" in self.__dict__:
            self.storage.close()


ContainerFactory = Callable[[Settings], Container]

_factory: ContainerFactory = Container
_containers: dict[Settings, Container] = {}
_lock = threading.Lock()


def container() -> Container:
    settings = Settings.from_env()
    built = _containers.get(settings)
    if built is None:
        with _lock:
            built = _containers.get(settings)
            if built is None:
                built = _containers[settings] = _factory(settings)
    return built


def use(factory: ContainerFactory | None) -> None:
    """Builds every container with `factory` from now on (None: the default); the ones built so far are closed."""
    global _factory
    with _lock:
        _factory = factory or Container
        built = list(_containers.values())
        _containers.clear()
    for each in built:
        each.close()
