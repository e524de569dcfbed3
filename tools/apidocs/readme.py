"""The README's curl commands, read as requests: the documents' examples are the requests a reader types."""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_URL = re.compile(r"^\$\{?(?P<output>[A-Za-z][A-Za-z0-9]*)\}?(?P<path>/\S*)$")


@dataclass(frozen=True)
class ReadmeRequest:
    """`output`: the stack output the URL starts with ($OrdersServiceEndpoint); `path` as typed after it."""

    output: str
    method: str
    path: str
    body: Any

    def path_values(self, template: str) -> dict[str, str] | None:
        """The path parameters' values when this request's path is an instance of `template`; None otherwise.
        Shell variables ($SUB) are no example of anything and are left out."""
        pattern = re.sub(r"\\\{([A-Za-z0-9_]+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
        match = re.fullmatch(pattern, self.path)
        if match is None:
            return None
        return {name: value for name, value in match.groupdict().items() if not value.startswith("$")}


def readme_requests(readme: Path) -> list[ReadmeRequest]:
    requests = []
    for line in readme.read_text().splitlines():
        if line.startswith("curl "):
            request = _parse_curl(shlex.split(line, comments=True))
            if request is not None:
                requests.append(request)
    return requests


def _parse_curl(words: list[str]) -> ReadmeRequest | None:
    method: str | None = None
    body: Any = None
    url: re.Match[str] | None = None
    options = iter(words[1:])
    for word in options:
        if word == "-X":
            method = next(options)
        elif word in ("--data-raw", "--data", "-d"):
            body = json.loads(next(options))
        elif word == "-H":
            next(options)
        else:
            url = _URL.match(word) or url
    if url is None:
        return None
    # curl's own default: POST when there is data, GET otherwise.
    chosen = method or ("POST" if body is not None else "GET")
    return ReadmeRequest(url.group("output"), chosen.upper(), url.group("path"), body)
