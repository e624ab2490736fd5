"""The log of requests a sandbox received, for tests to inspect.

The Authorization header is never recorded; `authorized` says whether it carried the right token.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

_NOT_RECORDED = frozenset({"authorization", "proxy-authorization", "cookie"})


@dataclass(frozen=True)
class RecordedRequest:
    """One request as received.

    `path` is as sent (percent-encoded, no query string); `query` maps each parameter to all its
    values; `body` is the parsed JSON body, the raw text when it is not JSON, or None when empty;
    `headers` has lower-case names and leaves out Authorization (and cookies).
    """

    method: str
    path: str
    query: dict[str, list[str]]
    body: Any | None
    headers: dict[str, str] = field(default_factory=dict)
    authorized: bool = False


def safe_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items() if k.lower() not in _NOT_RECORDED}


class RequestLog:
    """A thread-safe append-only list of RecordedRequest."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[RecordedRequest] = []

    def add(self, item: RecordedRequest) -> None:
        with self._lock:
            self._items.append(item)

    def snapshot(self) -> list[RecordedRequest]:
        with self._lock:
            return list(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
