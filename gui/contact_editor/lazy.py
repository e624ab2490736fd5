"""The HubSpot client, built (and `requests` imported) on first use rather than at start-up.

`requests`, urllib3 and truststore take about a tenth of a second to import; the window should be
on screen before that (cold start, issue 5). The first Load runs on a worker thread, which builds
the real `HubSpotClient` then. No Qt.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from contact_editor.hubspot.models import Contact, PropertyDefinition, PropertyGroup
from contact_editor.hubspot.urls import ApiPaths

if TYPE_CHECKING:
    from contact_editor.hubspot.client import HubSpotClient


class LazyClient:
    """Stands in for `HubSpotClient(api_base, token, paths=paths)` until it is first needed."""

    def __init__(self, api_base: str, token: Callable[[], str], paths: ApiPaths) -> None:
        self._args = (api_base, token, paths)
        self._client: HubSpotClient | None = None
        self._lock = threading.Lock()
        self._settings: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"LazyClient(api_base={self._args[0]!r}, built={self._client is not None})"

    def client(self) -> HubSpotClient:
        with self._lock:
            if self._client is None:
                from contact_editor.hubspot.client import HubSpotClient

                api_base, token, paths = self._args
                self._client = HubSpotClient(api_base, token, paths=paths)
                for name, value in self._settings.items():
                    setattr(self._client, name, value)
            return self._client

    @property
    def timeout(self) -> tuple[float, float]:
        return self.client().timeout

    @timeout.setter
    def timeout(self, value: tuple[float, float]) -> None:
        self._settings["timeout"] = value
        if self._client is not None:
            self._client.timeout = value

    def get_contact(self, contact_id: str, properties: Sequence[str]) -> Contact:
        return self.client().get_contact(contact_id, properties)

    def list_properties(self) -> list[PropertyDefinition]:
        return self.client().list_properties()

    def list_groups(self) -> list[PropertyGroup]:
        return self.client().list_groups()

    def patch_contact(self, contact_id: str, properties: Mapping[str, str]) -> Contact:
        return self.client().patch_contact(contact_id, properties)

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
