"""Powertools idempotency records in SQLite, after the DynamoDB layer: the base class holds the logic,
this class the four I/O methods. The conditional put is one upsert, so racing processes see one winner."""

from __future__ import annotations

import sqlite3
import time

from aws_lambda_powertools.utilities.idempotency.exceptions import (
    IdempotencyItemAlreadyExistsError,
    IdempotencyItemNotFoundError,
)
from aws_lambda_powertools.utilities.idempotency.persistence.base import BasePersistenceLayer
from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import DataRecord

from foodorder.adapters.storage.sqlite_db import SqliteDatabase

SCHEMA = """
CREATE TABLE IF NOT EXISTS idempotency (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    expiration INTEGER NOT NULL,
    in_progress_expiration INTEGER,
    data TEXT,
    validation TEXT
);
"""

# Same three ways to take a key as the DynamoDB layer: it is new, its record expired, or it is an
# in-progress record whose Lambda invocation has run out of time.
_PUT = """
INSERT INTO idempotency (id, status, expiration, in_progress_expiration, data, validation)
VALUES (:id, :status, :expiration, :in_progress_expiration, NULL, :validation)
ON CONFLICT (id) DO UPDATE SET
    status = excluded.status,
    expiration = excluded.expiration,
    in_progress_expiration = excluded.in_progress_expiration,
    data = NULL,
    validation = excluded.validation
WHERE idempotency.expiration < :now
   OR (idempotency.status = 'INPROGRESS'
       AND idempotency.in_progress_expiration IS NOT NULL
       AND idempotency.in_progress_expiration < :now_ms)
"""


def _record(row: sqlite3.Row) -> DataRecord:
    return DataRecord(
        idempotency_key=row["id"],
        status=row["status"],
        expiry_timestamp=row["expiration"],
        in_progress_expiry_timestamp=row["in_progress_expiration"],
        response_data=row["data"] or "",
        payload_hash=row["validation"] or "",
    )


class SqlitePersistenceLayer(BasePersistenceLayer):
    def __init__(self, db: SqliteDatabase) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._db = db
        db.ensure_schema(SCHEMA)

    def _find(self, idempotency_key: str) -> DataRecord | None:
        row = self._db.connection().execute("SELECT * FROM idempotency WHERE id = ?", (idempotency_key,)).fetchone()
        return None if row is None else _record(row)

    def _get_record(self, idempotency_key: str) -> DataRecord:
        record = self._find(idempotency_key)
        if record is None:
            raise IdempotencyItemNotFoundError
        return record

    def _put_record(self, data_record: DataRecord) -> None:
        now = time.time()
        cursor = self._db.connection().execute(
            _PUT,
            {
                "id": data_record.idempotency_key,
                "status": data_record.status,
                "expiration": data_record.expiry_timestamp,
                "in_progress_expiration": data_record.in_progress_expiry_timestamp,
                "validation": data_record.payload_hash if self.payload_validation_enabled else None,
                "now": int(now),
                "now_ms": int(now * 1000),
            },
        )
        if cursor.rowcount == 1:
            return
        # Like DynamoDB's ReturnValuesOnConditionCheckFailure: hand the base class the record that won.
        existing = self._find(data_record.idempotency_key)
        if existing is not None:
            self._validate_payload(data_payload=data_record, stored_data_record=existing)
        raise IdempotencyItemAlreadyExistsError(old_data_record=existing)

    def _update_record(self, data_record: DataRecord) -> None:
        self._db.connection().execute(
            "UPDATE idempotency SET data = ?, expiration = ?, status = ?, validation = ? WHERE id = ?",
            (
                data_record.response_data,
                data_record.expiry_timestamp,
                data_record.status,
                data_record.payload_hash if self.payload_validation_enabled else None,
                data_record.idempotency_key,
            ),
        )

    def _delete_record(self, data_record: DataRecord) -> None:
        self._db.connection().execute("DELETE FROM idempotency WHERE id = ?", (data_record.idempotency_key,))
