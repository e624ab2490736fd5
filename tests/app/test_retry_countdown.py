"""A wait before trying again shows a countdown, and Cancel stops it with the edit kept."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from window_driver import click, find, load, status_text, type_text

from contact_editor.hubspot.retry import RetryPolicy
from contact_editor.sandbox import Sandbox

PATH = "/crm/v3/objects/contacts/512"
TEN_SECONDLY = {
    "status": "error",
    "message": "You have reached your ten_secondly_rolling limit.",
    "errorType": "RATE_LIMIT",
    "correlationId": "0b5b7c2e-1111-4222-8333-944445555668",
    "policyName": "TEN_SECONDLY_ROLLING",
}


def test_cancel_during_the_countdown_keeps_the_edit(qtbot, window, sandbox: Sandbox) -> None:
    window.services.retry_policy = RetryPolicy(rate_limit_wait=30.0)
    load(qtbot, window, "512")
    type_text(qtbot, window, "jobtitle", "Patient")
    sandbox.fail_next("PATCH", "/crm/v3/objects/contacts/512", 429, TEN_SECONDLY)
    click(qtbot, window, "saveButton")
    cancel = find(window, "cancelWaitButton", QPushButton)
    qtbot.waitUntil(cancel.isVisible, timeout=5000)
    text = status_text(window)
    assert "HubSpot is busy" in text and "Trying again in 30 seconds" in text and "kept" in text
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.runner.is_running(), timeout=5000)
    assert not cancel.isVisible()
    text = status_text(window)
    assert "You cancelled" in text and "nothing was saved" in text  # a 429 stores nothing
    assert "cannot tell" not in text
    assert window.model.dirty_names() == ["jobtitle"]
    assert find(window, "property:jobtitle").text() == "Patient"
    assert [r.method for r in sandbox.requests].count("PATCH") == 1


def test_the_countdown_counts_down_then_the_retry_saves(qtbot, window, sandbox: Sandbox) -> None:
    window.services.retry_policy = RetryPolicy(rate_limit_wait=2.0)
    load(qtbot, window, "512")
    type_text(qtbot, window, "jobtitle", "Eventually")
    sandbox.fail_next("PATCH", "/crm/v3/objects/contacts/512", 429, TEN_SECONDLY)
    click(qtbot, window, "saveButton")
    qtbot.waitUntil(lambda: "Trying again in 2 seconds" in status_text(window), timeout=5000)
    qtbot.waitUntil(lambda: "Trying again in 1 second…" in status_text(window), timeout=5000)
    qtbot.waitUntil(lambda: not window.runner.is_running(), timeout=10_000)
    assert "Saved" in status_text(window)
    assert sandbox.contact_values("512")["jobtitle"] == "Eventually"


def _cancel_a_retried_save(qtbot, window, title: str, fault: Callable[[], object]) -> str:  # type: ignore[no-untyped-def]
    """Type `title`, make the PATCH fail with `fault()`, press Save, then Cancel during the wait;
    returns the message on screen."""
    window.services.retry_policy = RetryPolicy(backoff=(30.0,))
    load(qtbot, window, "512")
    type_text(qtbot, window, "jobtitle", title)
    fault()
    click(qtbot, window, "saveButton")
    cancel = find(window, "cancelWaitButton", QPushButton)
    qtbot.waitUntil(cancel.isVisible, timeout=5000)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.runner.is_running(), timeout=5000)
    assert find(window, "property:jobtitle").text() == title
    return status_text(window)


def test_cancel_after_the_save_went_out_says_the_outcome_is_unknown(qtbot, window, sandbox: Sandbox) -> None:
    # Applied, but the answer is cut.
    text = _cancel_a_retried_save(qtbot, window, "Head of Ops", lambda: sandbox.truncate_next("PATCH", PATH))
    assert "cannot tell whether your changes were saved" in text
    assert "Nothing was saved" not in text
    assert sandbox.contact_values("512")["jobtitle"] == "Head of Ops"  # it had been saved after all
    assert window.model.dirty_names() == ["jobtitle"]


SERVICE_UNAVAILABLE = {"status": "error", "message": "Service Unavailable", "category": "SERVICE_UNAVAILABLE"}


def test_cancel_after_a_503_says_nothing_was_saved(qtbot, window, sandbox: Sandbox) -> None:
    text = _cancel_a_retried_save(
        qtbot, window, "Turned away", lambda: sandbox.fail_next("PATCH", PATH, 503, SERVICE_UNAVAILABLE)
    )
    assert "turned the save away, so nothing was saved" in text and "cannot tell" not in text
    assert sandbox.contact_values("512")["jobtitle"] != "Turned away"
