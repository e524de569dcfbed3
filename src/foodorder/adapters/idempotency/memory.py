"""Powertools idempotency records in a dict: the fake of the `memory` backend, with the same four I/O methods and
the same three ways to take a key as the SQLite and DynamoDB layers."""

from __future__ import annotations

import threading
import time

from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyItemAlreadyExistsError,
    IdempotencyItemNotFoundError,
)
from aws_lambda_powertools.utilities.idempotency.persistence.base import BasePersistenceLayer
from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import DataRecord


class InMemoryPersistenceLayer(BasePersistenceLayer):
    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._records: dict[str, DataRecord] = {}
        self._lock = threading.Lock()

    def _get_record(self, idempotency_key: str) -> DataRecord:
        record = self._records.get(idempotency_key)
        if record is None:
            raise IdempotencyItemNotFoundError
        return record

    def _put_record(self, data_record: DataRecord) -> None:
        with self._lock:
            existing = self._records.get(data_record.idempotency_key)
            if existing is None or _may_take(existing):
                self._records[data_record.idempotency_key] = data_record
                return
        self._validate_payload(data_payload=data_record, stored_data_record=existing)
        raise IdempotencyItemAlreadyExistsError(old_data_record=existing)

    def _update_record(self, data_record: DataRecord) -> None:
        with self._lock:
            self._records[data_record.idempotency_key] = data_record

    def _delete_record(self, data_record: DataRecord) -> None:
        with self._lock:
            self._records.pop(data_record.idempotency_key, None)


def _may_take(record: DataRecord) -> bool:
    """Expired, or in progress in an invocation that has run out of time."""
    now = time.time()
    if record.expiry_timestamp is not None and record.expiry_timestamp < int(now):
        return True
    deadline = record.in_progress_expiry_timestamp
    return record.status == "INPROGRESS" and deadline is not None and deadline < int(now * 1000)
