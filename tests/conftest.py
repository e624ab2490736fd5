"""Shared test setup: offscreen Qt by default, and no test may reach a real keyring or HubSpot."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never let a test talk to HubSpot or read a developer's real token.
os.environ.pop("HUBSPOT_ACCESS_TOKEN", None)
os.environ.pop("HUBSPOT_API_BASE", None)
# Any keyring access a test did not set up on purpose lands on keyring's "fail" backend, never on
# the developer's real password store. (The Secret Service test sets its own backend.)
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):  # type: ignore[no-untyped-def]
    """Drafts and logs go to a fresh folder per test, never to the developer's home."""
    monkeypatch.setenv("HUBSPOT_CONTACT_EDITOR_DATA_DIR", str(tmp_path_factory.mktemp("appdata")))
