"""Fixtures for the safety tests: a private secret registry and a clean root logger per test."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from contact_editor import redaction


@pytest.fixture(autouse=True)
def private_registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with an empty secret registry and leaves the real one as it was."""
    monkeypatch.setattr(redaction, "_registry", set())
    monkeypatch.setattr(redaction, "_registry_snapshot", ())
    yield


@pytest.fixture
def clean_root_logger() -> Iterator[logging.Logger]:
    """The root logger, restored (handlers, level, filters on foreign handlers) afterwards."""
    root = logging.getLogger()
    handlers = list(root.handlers)
    filters = {id(h): list(h.filters) for h in handlers}
    level = root.level
    yield root
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    for handler in handlers:
        handler.filters[:] = filters[id(handler)]
    root.setLevel(level)
