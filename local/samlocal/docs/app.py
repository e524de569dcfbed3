"""The docs page over HTTP, under DOCS_PREFIX: the page, its script, Swagger UI's files, and every
`*.openapi.json` of a directory, read at each request (a regenerated document shows on the next reload).

It knows no product: the documents say what the APIs are; `SignIn` says where the page signs in."""

from __future__ import annotations

import importlib.util
import json
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from string import Template

from samlocal.asgi import ASGIApp, Message, Receive, Scope, Send

DOCS_PREFIX = "/docs"
DOCUMENT_SUFFIX = ".openapi.json"
_STATIC = Path(__file__).parent / "static"
_OWN_FILES = frozenset({"page.js", "page.css"})


@dataclass(frozen=True)
class SignIn:
    """Where the page sends InitiateAuth (USER_PASSWORD_AUTH): a Cognito endpoint and an app client without secret."""

    endpoint: str
    client_id: str


def _swagger_ui_files() -> Path:
    # The package's files, not its module: importing swagger_ui would import its web-framework glue.
    spec = importlib.util.find_spec("swagger_ui")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the swagger-ui-py package is not installed (pip install -e '.[local]')")
    return Path(spec.submodule_search_locations[0]) / "static"


def create_docs_app(documents: Path, sign_in: SignIn | None) -> ASGIApp:
    return _DocsApp(documents, sign_in, _swagger_ui_files())


class _DocsApp:
    def __init__(self, documents: Path, sign_in: SignIn | None, swagger_ui: Path) -> None:
        self._documents = documents
        self._sign_in = sign_in
        self._swagger_ui = swagger_ui
        self._page = Template((_STATIC / "index.html").read_text())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        if scope["method"] not in ("GET", "HEAD"):
            await _send(send, 405, b"Method Not Allowed", "text/plain", {"allow": "GET, HEAD"})
            return
        if scope["method"] == "HEAD":
            send = _without_body(send)
        path: str = scope["path"][len(DOCS_PREFIX) :]
        if path == "":
            await _send(send, 308, b"", "text/plain", {"location": f"{DOCS_PREFIX}/"})
        elif path == "/":
            await _send(send, 200, self._render().encode(), "text/html; charset=utf-8")
        else:
            await self._file(send, path)

    async def _file(self, send: Send, path: str) -> None:
        file = self._resolve(path)
        if file is None or not file.is_file():
            await _send(send, 404, b"Not Found", "text/plain")
            return
        content_type = "application/json" if file.name.endswith(".json") else mimetypes.guess_type(file.name)[0]
        await _send(send, 200, file.read_bytes(), content_type or "application/octet-stream")

    def _resolve(self, path: str) -> Path | None:
        """Only names listed in a directory, never a path: nothing outside the three directories can be read."""
        folder, _, name = path.lstrip("/").rpartition("/")
        if folder == "openapi" and name.endswith(DOCUMENT_SUFFIX) and name in self._names():
            return self._documents / name
        if folder == "swagger-ui" and name in {f.name for f in self._swagger_ui.iterdir()}:
            return self._swagger_ui / name
        if folder == "" and name in _OWN_FILES:
            return _STATIC / name
        return None

    def _names(self) -> list[str]:
        if not self._documents.is_dir():
            return []
        return sorted(f.name for f in self._documents.iterdir() if f.name.endswith(DOCUMENT_SUFFIX))

    def _render(self) -> str:
        config = {
            "documents": [
                {"name": name.removesuffix(DOCUMENT_SUFFIX), "url": f"openapi/{name}"} for name in self._names()
            ],
            "signIn": None
            if self._sign_in is None
            else {"endpoint": self._sign_in.endpoint, "clientId": self._sign_in.client_id},
            "documentsDirectory": str(self._documents),
        }
        # Inside <script>, "</" could end the element early.
        return self._page.substitute(config=json.dumps(config).replace("</", "<\\/"))


def _without_body(send: Send) -> Send:
    """HEAD: the status and headers GET would send, content-length included, and no body (RFC 9110, 9.3.2)."""

    async def headers_only(message: Message) -> None:
        await send({**message, "body": b""} if message["type"] == "http.response.body" else message)

    return headers_only


async def _send(send: Send, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
    raw = [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode())]
    # Documents change while the stack runs (make docs); the page must never show a stale one.
    raw.append((b"cache-control", b"no-cache"))
    raw += [(name.encode(), value.encode()) for name, value in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})
