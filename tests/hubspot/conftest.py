"""Fixtures shared by the HubSpot client tests: a canned-answer loopback server and a client on it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hubspot_loopback_server import TOKEN, LoopbackServer

from contact_editor.hubspot.client import HubSpotClient


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as srv:
        yield srv


@pytest.fixture
def client(server: LoopbackServer) -> Iterator[HubSpotClient]:
    with HubSpotClient(server.url, lambda: TOKEN, timeout=(0.5, 0.5)) as c:
        yield c
