"""The docs page at DocsURL, driven in headless Chromium (Debian's package, which `make browser` installs; Playwright
launches it by path): it loads with no console error and nothing from another origin, lists every operation of
both documents, signs in against the stack's identity provider, and its "try it out" calls reach the APIs with
the token and the caller's own ids filled in. A screenshot is left in the test artifacts (TEST_ARTIFACTS, default
.test-artifacts/)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Locator, Page, Request, sync_playwright

from _support.paths import ROOT
from integration.identity_support import PASSWORD, People, Person
from integration.stack_support import Stack

# The docs page is the local stack's (DocsURL): against a deployed stack these tests are deselected.
pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.local_only]

ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", ROOT / ".test-artifacts"))
SCREENSHOT = ARTIFACTS / "docs-page.png"
TIMEOUT_MS = 20_000


def documented_operation_ids() -> list[str]:
    ids = []
    for path in sorted((ROOT / "docs").glob("*.openapi.json")):
        for item in json.loads(path.read_text())["paths"].values():
            ids += [operation["operationId"] for operation in item.values()]
    return sorted(ids)


def can_install_packages() -> bool:
    """What `make browser` needs to install chromium: root, or sudo without a password."""
    if os.geteuid() == 0:
        return True
    sudo = shutil.which("sudo")
    return sudo is not None and subprocess.run([sudo, "-n", "true"], capture_output=True, check=False).returncode == 0


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium = shutil.which("chromium")
    if chromium is None and not can_install_packages():
        pytest.skip("no chromium on PATH, and installing it needs root: run `sudo make browser`")
    if chromium is None:
        pytest.fail("no chromium on PATH: `make browser` installs Debian's package")
    with sync_playwright() as playwright:
        # --no-sandbox: Chromium refuses to sandbox itself as root, which is how CI runs.
        launched = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield launched
        launched.close()


class Watched:
    """A page and what went wrong on it: console errors, uncaught exceptions, requests to another origin."""

    def __init__(self, page: Page, origin: str) -> None:
        self.page = page
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error}"))
        page.on("request", lambda request: self._request(request, origin))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def _request(self, request: Request, origin: str) -> None:
        if urlsplit(request.url).netloc != origin:
            self.problems.append(f"request to another origin: {request.url}")


@pytest.fixture
def docs_page(stack: Stack, browser: Browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    watched = Watched(context.new_page(), urlsplit(stack.outputs["DocsURL"]).netloc)
    watched.page.goto(stack.outputs["DocsURL"])
    # Both documents fetched and rendered.
    watched.page.locator(".opblock").nth(len(documented_operation_ids()) - 1).wait_for()
    yield watched
    context.close()


@pytest.fixture(scope="module")
def carol(people: People) -> Person:
    return people.create("carol")


def sign_in(page: Page, person: Person) -> None:
    page.fill("#sign-in-email", person.email)
    page.fill("#sign-in-password", PASSWORD)
    page.click("#sign-in-submit")
    page.locator("#signed-in-as", has_text=person.sub).wait_for()


def try_it_block(page: Page, operation_id: str) -> Locator:
    return page.locator(f".opblock:has(.opblock-summary-operation-id:text-is('{operation_id}'))")


def screenshot(page: Page, block: Locator, collapse: Locator) -> None:
    """The signed-in header above the call just tried and its answer: the README's picture of the page."""
    collapse.locator(".opblock-summary").click()
    block.evaluate("(el) => window.scrollTo(0, el.offsetTop - document.querySelector('header').offsetHeight - 8)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOT)


def try_it(page: Page, operation_id: str) -> tuple[Locator, str, Any]:
    """Opens the operation, executes it with what the page filled in; its block, the status and the JSON body."""
    block = try_it_block(page, operation_id)
    block.locator(".opblock-summary").click()
    block.locator("button.execute").click()
    response = block.locator(".live-responses-table tbody tr.response")
    response.wait_for()
    status = response.locator(".response-col_status").inner_text().strip()
    body = response.locator(".response-col_description pre.microlight").first.inner_text()
    return block, status, json.loads(body) if body.strip() else None


def test_docs_url_serves_the_checked_in_documents_as_make_docs_wrote_them(stack: Stack) -> None:
    documents = sorted((ROOT / "docs").glob("*.openapi.json"))
    assert [path.name for path in documents] == ["OrdersApi.openapi.json", "UsersApi.openapi.json"]
    for path in documents:
        response = httpx.get(f"{stack.outputs['DocsURL']}openapi/{path.name}", timeout=30)

        assert response.status_code == 200
        assert response.json() == json.loads(path.read_text())


def test_the_docs_page_loads_cleanly_and_lists_every_operation_of_both_apis(docs_page: Watched) -> None:
    listed = docs_page.page.locator(".opblock-summary-operation-id").all_inner_texts()

    assert sorted(listed) == documented_operation_ids()
    assert len(listed) == 10
    assert docs_page.problems == []


def test_signed_in_on_the_page_a_user_places_and_reads_an_order_and_registers_their_profile(
    docs_page: Watched, carol: Person
) -> None:
    page = docs_page.page
    sign_in(page, carol)

    _, status, order = try_it(page, "CreateOrder")
    assert status == "200", order
    # The README's order, placed as the signed-in caller.
    assert (order["orderId"], order["userId"], order["status"]) == ("hogehoge", carol.sub, "PLACED")

    block, status, read = try_it(page, "GetOrder")
    assert status == "200", read
    assert read == order
    screenshot(page, block, collapse=try_it_block(page, "CreateOrder"))
    _, status, profile = try_it(page, "PutUser")
    # The page filled the userid parameter with the caller's sub: no pasting.
    assert (status, profile["userid"], profile["name"]) == ("200", carol.sub, "My name is hogehoge")
    assert docs_page.problems == []


def test_a_pasted_token_authorizes_the_calls_as_swagger_ui_users_expect(docs_page: Watched, carol: Person) -> None:
    # Given a token from elsewhere (a deployed pool's works the same: the page only passes it on)
    page = docs_page.page
    orders = page.locator("section[data-api=OrdersApi]")
    orders.locator(".auth-wrapper .authorize").click()
    page.locator(".modal-ux input[type=text]").fill(carol.id_token)
    page.locator(".modal-ux .auth-btn-wrapper .authorize").click()
    page.locator(".modal-ux .btn-done").click()

    # When a call is tried, then it runs as that token's user.
    _, status, listed = try_it(page, "ListOrders")
    assert status == "200", listed
    assert all(order["userId"] == carol.sub for order in listed["orders"])
    assert docs_page.problems == []
