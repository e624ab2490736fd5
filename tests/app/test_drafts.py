"""Unsaved edits survive the app being killed, come back only after review, and go after a save."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit
from window_driver import error_text, find, load, save, status_text, type_text

from contact_editor.app import create_window
from contact_editor.hubspot.retry import RetryPolicy
from contact_editor.sandbox import DEMO_TOKEN, Sandbox

HERE = Path(__file__).parent


def _window(qtbot, sandbox: Sandbox, reviews: list, answer: bool):  # type: ignore[no-untyped-def]
    win = create_window(["--api-base", sandbox.url])
    win.services.retry_policy = RetryPolicy(backoff=(0.05,))

    def review(_parent, draft, lines):  # type: ignore[no-untyped-def]
        reviews.append((draft, list(lines)))
        return answer

    win.services.review_draft = review
    win.services.confirm = lambda *_a: True
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def token(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", DEMO_TOKEN)


def _kill_once_the_draft_is_written(sandbox: Sandbox, *mode: str) -> None:
    """Run draft_victim.py (in `mode`) until its draft is on disk, then SIGKILL it."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with subprocess.Popen(
        [sys.executable, str(HERE / "draft_victim.py"), sandbox.url, *mode],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as victim:
        try:
            line = victim.stdout.readline()  # type: ignore[union-attr]
            assert line.strip() == "READY", f"the app did not get its draft written: {line!r}"
        finally:
            victim.send_signal(signal.SIGKILL)
            victim.wait(timeout=10)
    assert victim.returncode == -signal.SIGKILL
    sandbox.clear_requests()


def test_killed_app_gives_the_exact_values_back_as_a_draft(qtbot, sandbox: Sandbox, token) -> None:
    _kill_once_the_draft_is_written(sandbox)
    reviews: list = []
    win = _window(qtbot, sandbox, reviews, answer=True)
    load(qtbot, win, "512")
    assert len(reviews) == 1
    draft, lines = reviews[0]
    assert draft.contact_id == "512" and draft.contact_label == "Maria Jensen"
    assert "Job Title: Typed before the crash" in "\n".join(lines)
    assert win.model.edits() == {
        "jobtitle": "Typed before the crash",
        "property_number": Decimal("42.5"),
        "date_of_birth": datetime.date(1990, 2, 28),
    }
    assert find(win, "property:jobtitle").text() == "Typed before the crash"
    assert "not saved yet" in status_text(win)
    assert [r for r in sandbox.requests if r.method == "PATCH"] == [], "a draft is never sent by itself"
    save(qtbot, win)
    assert sandbox.contact_values("512")["jobtitle"] == "Typed before the crash"
    assert win.services.draft_store.load(win.services.portal, "512") is None, "saved: the draft is gone"


def test_a_draft_turned_down_is_thrown_away(qtbot, sandbox: Sandbox, token) -> None:
    first = _window(qtbot, sandbox, [], answer=True)
    load(qtbot, first, "512")
    type_text(qtbot, first, "jobtitle", "Maybe")
    first.drafts.flush()
    reviews: list = []
    second = _window(qtbot, sandbox, reviews, answer=False)
    assert "512" in status_text(second), "the start tells about drafts from last time"
    load(qtbot, second, "512")
    assert len(reviews) == 1
    assert second.model.dirty_names() == []
    assert second.services.draft_store.load(second.services.portal, "512") is None


def test_a_draft_whose_field_changed_on_hubspot_meanwhile_asks_first(qtbot, sandbox: Sandbox, token) -> None:
    first = _window(qtbot, sandbox, [], answer=True)
    load(qtbot, first, "512")
    type_text(qtbot, first, "jobtitle", "Mine, from yesterday")
    type_text(qtbot, first, "firstname", "Marie")
    first.drafts.flush()
    sandbox.set_value("512", "jobtitle", "Theirs, from this morning")
    asked: list = []
    second = _window(qtbot, sandbox, [], answer=True)
    second.services.resolve_draft_conflicts = (
        lambda _p, conflicts: asked.append(conflicts) or {"jobtitle": False}
    )
    load(qtbot, second, "512")
    (conflicts,) = asked
    assert [(c.definition.name, c.theirs, c.yours) for c in conflicts] == [
        ("jobtitle", "Theirs, from this morning", "Mine, from yesterday")
    ]
    assert second.model.dirty_names() == ["firstname"]  # HubSpot's job title was chosen
    assert find(second, "property:jobtitle").text() == "Theirs, from this morning"


def test_discarding_changes_removes_the_draft(qtbot, sandbox: Sandbox, token) -> None:
    win = _window(qtbot, sandbox, [], answer=True)
    load(qtbot, win, "512")
    type_text(qtbot, win, "jobtitle", "Gone soon")
    win.drafts.flush()
    store, portal = win.services.draft_store, win.services.portal
    assert store.load(portal, "512") is not None
    win.revert_clicked()
    assert store.load(portal, "512") is None


def _number_field(win) -> QLineEdit:  # type: ignore[no-untyped-def]
    edit = find(win, "property:property_number", QLineEdit)
    assert isinstance(edit, QLineEdit)
    return edit


def test_text_that_is_no_number_comes_back_as_typed_and_is_never_sent(qtbot, sandbox: Sandbox, token) -> None:
    """A user test: "1,5" typed into a number field came back after a kill as 1, and Save sent it."""
    _kill_once_the_draft_is_written(sandbox, "typed")
    reviews: list = []
    win = _window(qtbot, sandbox, reviews, answer=True)
    load(qtbot, win, "512")
    (draft, lines), = reviews
    assert draft.typed == {"property_number": "1,5"} and "property_number" not in draft.edits
    assert any(line.startswith("• Property number: 1,5 ") for line in lines), lines
    edit = _number_field(win)
    assert edit.text() == "1,5"
    assert edit.property("invalid") is True and "This is not a number." in edit.toolTip()
    assert win.form.invalid_names() == ["property_number"]
    assert win.model.edits() == {"jobtitle": "Typed before the crash"}
    save(qtbot, win)
    assert [r for r in sandbox.requests if r.method == "PATCH"] == [], "nothing invalid is sent"
    assert error_text(win, "property_number"), "Save says what is wrong with the field"
    assert win.services.draft_store.load(win.services.portal, "512") is not None


@pytest.mark.parametrize("typed", ["12abc", "abc"])
def test_a_draft_never_turns_typed_text_into_another_value(qtbot, sandbox: Sandbox, token, typed) -> None:  # type: ignore[no-untyped-def]
    first = _window(qtbot, sandbox, [], answer=True)
    load(qtbot, first, "512")
    type_text(qtbot, first, "property_number", typed)
    first.drafts.flush()
    reviews: list = []
    second = _window(qtbot, sandbox, reviews, answer=True)
    load(qtbot, second, "512")
    (draft, lines), = reviews
    assert draft.edits == {} and draft.typed == {"property_number": typed}
    assert "(empty)" not in "\n".join(lines) and f"Property number: {typed} " in "\n".join(lines)
    assert _number_field(second).text() == typed and second.form.invalid_names() == ["property_number"]
    assert second.model.dirty_names() == []
    second.drafts.flush()
    kept = second.services.draft_store.load(second.services.portal, "512")
    assert kept is not None and kept.typed == {"property_number": typed}, "the restored text stays kept"


def test_the_review_shows_values_and_labels_literally_never_as_html(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A user test: a First Name "<h1>Huge</h1>…" showed as a big heading, "A & B <C>" as "A & B"."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

    from contact_editor.drafts import Draft
    from contact_editor.ui.drafting import ask_to_restore

    parent = QWidget()
    qtbot.addWidget(parent)
    draft = Draft(portal="p", contact_id="512", contact_label="<b>Maria</b>", loaded={}, edits={})
    lines = ["• <i>First</i> Name: <h1>Huge</h1><font color=red>red</font>", "• Company: A & B <C>"]
    seen: dict[str, Qt.TextFormat] = {}

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.update({label.text(): label.textFormat() for label in box.findChildren(QLabel) if label.text()})
        box.buttons()[0].click()

    QTimer.singleShot(0, answer)
    ask_to_restore(parent, draft, lines)
    assert seen.get("\n".join(lines)) == Qt.TextFormat.PlainText, seen
    assert all(fmt == Qt.TextFormat.PlainText for fmt in seen.values()), seen


def test_the_draft_is_written_soon_after_typing_stops_not_per_key(qtbot, sandbox: Sandbox, token) -> None:  # type: ignore[no-untyped-def]
    """A user test: the draft appeared 600-1000 ms after the last key, so a crash lost that much.
    The wait is a debounce of DEBOUNCE_MS (no timing is measured here): a burst of keys makes one
    write, after the last key."""
    from contact_editor.ui.drafting import DEBOUNCE_MS

    assert DEBOUNCE_MS <= 400
    win = _window(qtbot, sandbox, [], answer=True)
    load(qtbot, win, "512")
    assert win.drafts._timer.interval() == DEBOUNCE_MS and win.drafts._timer.isSingleShot()
    store = win.services.draft_store
    writes: list[str] = []
    real_save = store.save
    store.save = lambda draft: (writes.append(draft.edits.get("jobtitle", "")), real_save(draft))[1]
    edit = find(win, "property:jobtitle", QLineEdit)
    edit.clear()
    qtbot.keyClicks(edit, "typing")  # keys in a burst: the timer restarts at each one
    assert writes == []
    qtbot.waitUntil(lambda: bool(writes), timeout=5000)
    qtbot.wait(DEBOUNCE_MS + 100)
    assert writes == ["typing"], "one write, with the last key in it"
    assert store.load(win.services.portal, "512").edits["jobtitle"] == "typing"
