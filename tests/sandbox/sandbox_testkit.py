"""Helpers shared by the sandbox tests: constants and a tiny HTTP client over real loopback."""

from __future__ import annotations

from typing import Any

import requests

from contact_editor.sandbox import DEMO_TOKEN
from seed_page import SEED_PAGE_PROPERTIES

TIMEOUT = 5.0
CONTACTS = "/crm/v3/objects/contacts"

# The example body of HubSpot's PATCH reference page (/work/shared/seed/000_db83ff1fb2a7f621.txt).
SEED_PAGE_BODY = {"properties": dict(SEED_PAGE_PROPERTIES)}


class FakeClock:
    """A clock the test moves by hand (seconds since the epoch)."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class Api:
    """Authenticated calls to one sandbox; every call has a timeout."""

    def __init__(self, base: str, token: str | None = DEMO_TOKEN) -> None:
        self.base = base
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, params: Any = None) -> requests.Response:
        return requests.get(self.base + path, params=params, headers=self.headers, timeout=TIMEOUT)

    def patch(self, path: str, body: Any) -> requests.Response:
        return requests.patch(self.base + path, json=body, headers=self.headers, timeout=TIMEOUT)

    def patch_contact(self, contact_id: str, properties: dict[str, Any]) -> requests.Response:
        return self.patch(f"{CONTACTS}/{contact_id}", {"properties": properties})

    def post(self, path: str, body: Any, params: Any = None) -> requests.Response:
        url = self.base + path
        return requests.post(url, json=body, params=params, headers=self.headers, timeout=TIMEOUT)

    def delete(self, path: str) -> requests.Response:
        return requests.delete(self.base + path, headers=self.headers, timeout=TIMEOUT)
