"""Fixtures for window tests: a sandbox on loopback and the real window pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMainWindow

from contact_editor.app import create_window
from contact_editor.hubspot.retry import RetryPolicy
from contact_editor.sandbox import DEMO_TOKEN, Sandbox


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(token=DEMO_TOKEN) as sb:
        yield sb


# The real policy's waits (1-4 s, 10 s for the rate limit) with the seconds shrunk for tests.
FAST_RETRIES = RetryPolicy(backoff=(0.05, 0.1, 0.2), rate_limit_wait=0.3, secondly_wait=0.05)


@pytest.fixture
def confirmations() -> list[str]:
    """Every question the window asked; the answer is always yes (discard)."""
    return []


@pytest.fixture
def window(qtbot, sandbox: Sandbox, monkeypatch, confirmations: list[str]) -> Iterator[QMainWindow]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", DEMO_TOKEN)
    win = create_window(["--api-base", sandbox.url])
    win.services.confirm = lambda _parent, title, text: confirmations.append(text) or True  # type: ignore[attr-defined]
    win.services.retry_policy = FAST_RETRIES  # type: ignore[attr-defined]
    qtbot.addWidget(win)
    win.show()
    yield win
    sandbox.stop()  # releases anything a test held, so no thread outlives the test
    qtbot.waitUntil(lambda: not win.runner.is_running(), timeout=10_000)  # type: ignore[attr-defined]
    win.runner.wait_all()  # type: ignore[attr-defined]
