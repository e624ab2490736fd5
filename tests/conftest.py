"""Shared test setup: offscreen Qt by default, and no test may reach a real keyring or HubSpot."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never let a test talk to HubSpot or read a developer's real token.
os.environ.pop("HUBSPOT_ACCESS_TOKEN", None)
os.environ.pop("HUBSPOT_API_BASE", None)
# Any keyring access a test did not set up on purpose lands on keyring's "fail" backend, never on
# the developer's real password store. (The Secret Service test sets its own backend.)
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
