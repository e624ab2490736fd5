"""Fixtures for the sandbox tests: a running demo sandbox and an authenticated HTTP helper."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sandbox_testkit import Api

from contact_editor.sandbox import Sandbox


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sb:
        yield sb


@pytest.fixture
def api(sandbox: Sandbox) -> Api:
    return Api(sandbox.url)
