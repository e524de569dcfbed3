"""Our idempotency layers (SQLite, in-memory) against the contract Powertools' own DynamoDB layer keeps: every
backend of the storage registry."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest
from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig
from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyItemAlreadyExistsError,
    IdempotencyItemNotFoundError,
    IdempotencyValidationError,
)
from aws_lambda_powertools.utilities.idempotency.persistence.base import BasePersistenceLayer

from foodorder.adapters.idempotency.sqlite import SqlitePersistenceLayer
from foodorder.adapters.registry import Storage
from foodorder.adapters.storage.sqlite_db import SqliteDatabase

REQUEST = {"userId": "user-1", "orderId": "o-1", "order": {"totalAmount": "19.97"}}
OTHER_BODY = {**REQUEST, "order": {"totalAmount": "1.00"}}


def configured(layer: BasePersistenceLayer) -> BasePersistenceLayer:
    config = IdempotencyConfig(event_key_jmespath="[userId, orderId]", payload_validation_jmespath="order")
    layer.configure(config, function_name="contract")
    return layer


@pytest.fixture
def layer(storage: Storage) -> BasePersistenceLayer:
    return configured(storage.idempotency())


def test_a_new_key_is_taken_in_progress(layer: BasePersistenceLayer) -> None:
    layer.save_inprogress(REQUEST, remaining_time_in_millis=10_000)
    record = layer.get_record(REQUEST)
    assert record is not None
    assert record.status == "INPROGRESS"


def test_a_key_in_progress_cannot_be_taken_again_and_the_winner_is_handed_back(layer: BasePersistenceLayer) -> None:
    layer.save_inprogress(REQUEST, remaining_time_in_millis=10_000)
    with pytest.raises(IdempotencyItemAlreadyExistsError) as raised:
        layer.save_inprogress(REQUEST, remaining_time_in_millis=10_000)
    assert raised.value.old_data_record is not None
    assert raised.value.old_data_record.status == "INPROGRESS"


def test_a_completed_record_keeps_the_response(layer: BasePersistenceLayer) -> None:
    layer.save_inprogress(REQUEST, remaining_time_in_millis=10_000)
    layer.save_success(REQUEST, result={"order": "stored"})
    record = layer.get_record(REQUEST)
    assert record is not None
    assert record.status == "COMPLETED"
    assert record.response_json_as_dict() == {"order": "stored"}


def test_the_same_key_with_another_payload_fails_validation(layer: BasePersistenceLayer) -> None:
    layer.save_inprogress(REQUEST, remaining_time_in_millis=10_000)
    layer.save_success(REQUEST, result={"order": "stored"})
    with pytest.raises(IdempotencyValidationError):
        layer.save_inprogress(OTHER_BODY, remaining_time_in_millis=10_000)


def test_an_in_progress_record_whose_invocation_timed_out_can_be_retaken(layer: BasePersistenceLayer) -> None:
    layer.save_inprogress(REQUEST, remaining_time_in_millis=-1_000)
    layer.save_inprogress(REQUEST, remaining_time_in_millis=10_000)
    record = layer.get_record(REQUEST)
    assert record is not None
    assert record.in_progress_expiry_timestamp is not None
    assert record.in_progress_expiry_timestamp > int(time.time() * 1000)


def test_a_deleted_record_is_gone_and_the_key_free(layer: BasePersistenceLayer) -> None:
    layer.save_inprogress(REQUEST, remaining_time_in_millis=10_000)
    layer.delete_record(REQUEST, exception=RuntimeError("handler failed"))
    with pytest.raises(IdempotencyItemNotFoundError):
        layer.get_record(REQUEST)
    layer.save_inprogress(REQUEST, remaining_time_in_millis=10_000)


def test_sqlite_expired_records_are_retaken_like_dynamodb_ttl(tmp_path: Path) -> None:
    db = SqliteDatabase(tmp_path / "idem.db")
    layer = configured(SqlitePersistenceLayer(db))
    layer.save_inprogress(REQUEST, remaining_time_in_millis=10_000)
    layer.save_success(REQUEST, result={"order": "old"})
    db.connection().execute("UPDATE idempotency SET expiration = ?", (int(time.time()) - 1,))
    layer.save_inprogress(REQUEST, remaining_time_in_millis=10_000)
    record = layer.get_record(REQUEST)
    assert record is not None
    assert record.status == "INPROGRESS"


def test_sqlite_records_live_in_a_wal_mode_file(tmp_path: Path) -> None:
    configured(SqlitePersistenceLayer(SqliteDatabase(tmp_path / "idem.db"))).save_inprogress(REQUEST, 10_000)
    with sqlite3.connect(tmp_path / "idem.db") as conn:
        mode: Any = conn.execute("PRAGMA journal_mode").fetchone()[0]
        count: Any = conn.execute("SELECT count(*) FROM idempotency").fetchone()[0]
    assert (mode, count) == ("wal", 1)
