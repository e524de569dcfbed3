"""The docs page as the local stack serves it: Swagger UI's files from the installed package (offline: the page
names no other origin), the *.openapi.json of its directory and nothing else of the disk, the sign-in settings."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from samlocal.asgi import serve_in_background
from samlocal.docs import DOCS_PREFIX, SignIn, create_docs_app


@pytest.fixture
def documents(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "PetsApi.openapi.json").write_text(json.dumps({"openapi": "3.1.0", "info": {"title": "Pets"}}))
    (folder / "notes.txt").write_text("not a document")
    (tmp_path / "secret.openapi.json").write_text("{}")
    return folder


@pytest.fixture
def docs(documents: Path) -> Iterator[httpx.Client]:
    app = create_docs_app(documents, SignIn("/cognito", "client-123"))
    with serve_in_background(app) as endpoint, httpx.Client(base_url=endpoint + DOCS_PREFIX) as client:
        yield client


def get_as_typed(docs: httpx.Client, path: str) -> httpx.Response:
    """The path exactly as given: httpx would otherwise resolve dot segments and add the base URL's slash."""
    return docs.send(docs.build_request("GET", httpx.URL(str(docs.base_url).rstrip("/") + path)))


def page_config(page: str) -> dict[str, object]:
    match = re.search(r'<script id="docs-config" type="application/json">(.*?)</script>', page, re.S)
    assert match, page
    config: dict[str, object] = json.loads(match.group(1))
    return config


def test_the_page_lists_every_document_of_its_directory_and_where_to_sign_in(docs: httpx.Client) -> None:
    response = docs.get("/")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    config = page_config(response.text)
    assert config["documents"] == [{"name": "PetsApi", "url": "openapi/PetsApi.openapi.json"}]
    assert config["signIn"] == {"endpoint": "/cognito", "clientId": "client-123"}


def test_a_document_written_while_serving_is_on_the_next_page_load(docs: httpx.Client, documents: Path) -> None:
    (documents / "OwnersApi.openapi.json").write_text("{}")

    names = [doc["name"] for doc in page_config(docs.get("/").text)["documents"]]  # type: ignore[attr-defined]

    assert names == ["OwnersApi", "PetsApi"]
    assert docs.get("/openapi/OwnersApi.openapi.json").json() == {}


def test_the_page_and_its_script_name_no_other_origin_so_it_works_offline(docs: httpx.Client) -> None:
    page = docs.get("/").text
    references = re.findall(r'(?:src|href)="([^"]+)"', page)

    assert references, page
    assert all(not re.match(r"^[a-z]+:|^//", reference) for reference in references), references
    assert "http" not in docs.get("/page.js").text


@pytest.mark.parametrize("asset", ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"])
def test_swagger_ui_is_served_from_the_installed_python_package(docs: httpx.Client, asset: str) -> None:
    response = docs.get(f"/swagger-ui/{asset}")

    assert response.status_code == 200
    assert len(response.content) > 500


def test_a_document_is_served_as_json(docs: httpx.Client) -> None:
    response = docs.get("/openapi/PetsApi.openapi.json")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "no-cache"
    assert response.json()["info"]["title"] == "Pets"


@pytest.mark.parametrize(
    "path",
    [
        "/openapi/notes.txt",
        "/openapi/Missing.openapi.json",
        "/openapi/..%2Fsecret.openapi.json",
        "/openapi/../secret.openapi.json",
        "/swagger-ui/../app.py",
        "/swagger-ui/%2E%2E%2F__init__.py",
        "/index.html",
        "/app.py",
    ],
)
def test_nothing_but_the_listed_files_can_be_read(docs: httpx.Client, path: str) -> None:
    response = get_as_typed(docs, path)

    assert response.status_code == 404


def test_the_prefix_alone_redirects_to_the_page(docs: httpx.Client) -> None:
    response = get_as_typed(docs, "")

    assert response.status_code == 308
    assert response.headers["location"] == f"{DOCS_PREFIX}/"


def test_only_reads_are_served(docs: httpx.Client) -> None:
    response = docs.post("/", content=b"{}")

    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"


def test_without_documents_or_identity_provider_the_page_lists_none_and_offers_no_sign_in(tmp_path: Path) -> None:
    app = create_docs_app(tmp_path / "absent", None)
    with serve_in_background(app) as endpoint:
        page = httpx.get(f"{endpoint}{DOCS_PREFIX}/").text

    config = page_config(page)
    assert config["documents"] == []
    assert config["signIn"] is None


def test_head_answers_what_get_would_without_the_body(documents: Path) -> None:
    # RFC 9110, 9.3.2. Called as ASGI directly: uvicorn would drop a body the app sent, and hide the difference.
    app = create_docs_app(documents, None)
    sent: list[Any] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "HEAD", "path": f"{DOCS_PREFIX}/openapi/PetsApi.openapi.json", "headers": []}

    async def head() -> None:
        await app(scope, receive, send)

    asyncio.run(head())

    start, body = sent
    document = (documents / "PetsApi.openapi.json").read_bytes()
    assert (start["status"], dict(start["headers"])[b"content-length"]) == (200, str(len(document)).encode())
    assert body["body"] == b""
