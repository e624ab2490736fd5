"""Fixtures for the official-client suite: a sandbox with budgets no test reaches by accident, and
HubSpot's own Python client pointed at it over loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from official_kit import official_client

from contact_editor.sandbox import Sandbox
from hubspot import HubSpot


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(burst=10_000, daily=1_000_000, search_per_second=1_000) as sb:
        yield sb


@pytest.fixture
def hubspot(sandbox: Sandbox) -> HubSpot:
    return official_client(sandbox.url)
