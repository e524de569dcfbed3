"""State lives in the state directory: ids, signing key, users; secrets never in the clear."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jwt
import pytest

from runtime.identity.identity_support import CognitoClient, SignIn, SignUp
from samlocal.identity import IdentityProvider
from samlocal.identity.keys import KEY_FILE
from samlocal.identity.store import DATABASE_FILE

PASSWORD = "Corr3ct-horse!"
ENDPOINT = "http://127.0.0.1:3000/cognito"
STATE_FILES = (DATABASE_FILE, f"{DATABASE_FILE}-wal", f"{DATABASE_FILE}-shm")


def test_ids_look_like_the_ids_aws_generates(provider: IdentityProvider) -> None:
    assert re.fullmatch(r"us-east-1_[A-Za-z0-9]{9}", provider.pool_id)
    assert re.fullmatch(r"[a-z0-9]{26}", provider.client_id)


def test_the_region_parameter_names_the_pool(tmp_path: Path, template: dict[str, Any]) -> None:
    assert IdentityProvider(tmp_path, template, region="eu-west-1").pool_id.startswith("eu-west-1_")


def test_ids_key_and_users_survive_a_restart(state_dir: Path, template: dict[str, Any]) -> None:
    first = IdentityProvider(state_dir, template)
    first.admin_create_user("kept@example.com", "Kept", PASSWORD, admin=True)
    before = (first.pool_id, first.client_id, first.jwks())
    first.close()

    second = IdentityProvider(state_dir, template)
    token = second.id_token_for("kept@example.com", PASSWORD, ENDPOINT)

    assert (second.pool_id, second.client_id, second.jwks()) == before
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["cognito:groups"] == ["apiAdmins"]


def test_each_state_directory_gets_its_own_signing_key_and_ids(tmp_path: Path, template: dict[str, Any]) -> None:
    one, two = IdentityProvider(tmp_path / "one", template), IdentityProvider(tmp_path / "two", template)

    assert one.jwks()["keys"][0]["n"] != two.jwks()["keys"][0]["n"]
    assert (one.pool_id, one.client_id) != (two.pool_id, two.client_id)


@pytest.mark.usefixtures("usual_umask")
def test_the_signing_key_is_created_readable_by_its_owner_only(state_dir: Path, template: dict[str, Any]) -> None:
    IdentityProvider(state_dir, template).close()

    assert stat.S_IMODE((state_dir / KEY_FILE).stat().st_mode) == 0o600


@pytest.fixture
def usual_umask() -> Iterator[None]:
    # 022, the common default, under which files are created world-readable (0644) unless made otherwise.
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.usefixtures("usual_umask")
def test_the_database_and_its_wal_and_shm_files_are_readable_by_their_owner_only(
    state_dir: Path, template: dict[str, Any]
) -> None:
    provider = IdentityProvider(state_dir, template)
    try:
        provider.admin_create_user("private@example.com", "Private", PASSWORD)
        # Read before closing: closing the last connection checkpoints and removes the -wal and -shm files.
        modes = {name: _mode(state_dir / name) for name in STATE_FILES}
    finally:
        provider.close()

    assert modes == dict.fromkeys(STATE_FILES, 0o600)


@pytest.mark.usefixtures("usual_umask")
def test_a_database_left_readable_by_others_is_made_owner_only_on_start(
    state_dir: Path, template: dict[str, Any]
) -> None:
    IdentityProvider(state_dir, template).close()
    (state_dir / DATABASE_FILE).chmod(0o644)

    IdentityProvider(state_dir, template).close()

    assert _mode(state_dir / DATABASE_FILE) == 0o600


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_signing_key_readable_by_others_refuses_to_start(state_dir: Path, template: dict[str, Any]) -> None:
    IdentityProvider(state_dir, template).close()
    (state_dir / KEY_FILE).chmod(0o644)

    with pytest.raises(PermissionError, match="chmod 600"):
        IdentityProvider(state_dir, template)


def test_passwords_are_stored_only_as_salted_scrypt_hashes(provider: IdentityProvider, state_dir: Path) -> None:
    provider.admin_create_user("one@example.com", "One", PASSWORD)
    provider.admin_create_user("two@example.com", "Two", PASSWORD)

    raw = (state_dir / DATABASE_FILE).read_bytes()
    with sqlite3.connect(state_dir / DATABASE_FILE) as conn:
        hashes = [row[0] for row in conn.execute("SELECT password_hash FROM identity_users")]

    assert PASSWORD.encode() not in raw
    assert all(h.startswith("scrypt$") for h in hashes)
    assert len(set(hashes)) == 2


def test_refresh_tokens_are_stored_only_as_digests(
    cognito: CognitoClient, provider: IdentityProvider, state_dir: Path, sign_up: SignUp, sign_in: SignIn
) -> None:
    sign_up("digest@example.com")
    refresh_token = sign_in("digest@example.com")["RefreshToken"]

    with sqlite3.connect(state_dir / DATABASE_FILE) as conn:
        stored = [row[0] for row in conn.execute("SELECT refresh_hash FROM identity_sessions")]

    assert stored
    assert refresh_token not in stored
