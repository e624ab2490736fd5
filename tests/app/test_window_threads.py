"""Save and Load run on threads: a second Save, a superseded Load, closing during a save."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from window_driver import click, find, load, save_enabled, status_text, type_text

from contact_editor.hubspot.retry import RetryPolicy
from contact_editor.sandbox import Sandbox


def test_save_pressed_during_a_running_save_sends_once(qtbot, window, sandbox: Sandbox) -> None:
    load(qtbot, window, "512")
    type_text(qtbot, window, "jobtitle", "Buyer")
    gate = sandbox.hold("PATCH")
    click(qtbot, window, "saveButton")
    qtbot.waitUntil(lambda: gate.waiting >= 1, timeout=5000)
    assert not save_enabled(window), "Save must be disabled while saving"
    qtbot.mouseClick(find(window, "saveButton"), Qt.MouseButton.LeftButton)  # ignored: disabled
    qtbot.keySequence(window, QKeySequence(QKeySequence.StandardKey.Save))  # the menu shortcut too
    window.save_clicked()
    gate.release()
    qtbot.waitUntil(lambda: not window.runner.is_running(), timeout=10_000)
    assert [r.method for r in sandbox.requests].count("PATCH") == 1
    assert sandbox.contact_values("512")["jobtitle"] == "Buyer"
    assert window.model.dirty_names() == []


def test_a_superseded_load_never_replaces_the_newer_one(qtbot, window, sandbox: Sandbox) -> None:
    gate = sandbox.hold("GET", "/crm/v3/objects/contacts/512")
    edit = find(window, "contactIdEdit")
    qtbot.keyClicks(edit, "512")
    click(qtbot, window, "loadButton")
    qtbot.waitUntil(lambda: gate.waiting >= 1, timeout=5000)
    edit.clear()
    qtbot.keyClicks(edit, "601")
    click(qtbot, window, "loadButton")
    gate.release()
    qtbot.waitUntil(lambda: not window.runner.is_running(), timeout=10_000)
    assert find(window, "property:firstname").text() == "Tomás"
    assert "601" in status_text(window)


def test_closing_during_a_save_waits_for_it_and_keeps_the_edit(qtbot, window, sandbox: Sandbox) -> None:
    load(qtbot, window, "512")
    type_text(qtbot, window, "jobtitle", "Night Manager")
    gate = sandbox.hold("PATCH")
    click(qtbot, window, "saveButton")
    qtbot.waitUntil(lambda: gate.waiting >= 1, timeout=5000)
    window.close()
    assert window.isVisible(), "the window must not go away with a save in flight"
    assert "Finishing the save" in status_text(window)
    gate.release()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert sandbox.contact_values("512")["jobtitle"] == "Night Manager"
    assert not window.runner.is_running()


def test_closing_during_a_save_that_fails_stays_open_with_the_edit(qtbot, window, sandbox: Sandbox) -> None:
    window.services.retry_policy = RetryPolicy(backoff=(0.4, 0.2, 0.2))  # the countdown stays long enough
    load(qtbot, window, "512")
    type_text(qtbot, window, "jobtitle", "Night Manager")
    sandbox.fail_next("PATCH", "/crm/v3/objects/contacts/512", 503, "Service Unavailable", count=4)
    gate = sandbox.hold("PATCH")
    click(qtbot, window, "saveButton")
    qtbot.waitUntil(lambda: gate.waiting >= 1, timeout=5000)
    window.close()
    gate.release()
    qtbot.waitUntil(lambda: "Trying again" in status_text(window), timeout=10_000)
    assert "the window closes once they are saved" in status_text(window)
    qtbot.waitUntil(lambda: not window.runner.is_running(), timeout=10_000)
    assert window.isVisible()
    assert window.model.dirty_names() == ["jobtitle"]
    assert find(window, "property:jobtitle").text() == "Night Manager"
    text = status_text(window)
    assert "HubSpot had a problem" in text
    assert "The window stayed open so that your changes are not lost." in text


def test_closing_with_unsaved_changes_asks_first(qtbot, window, sandbox: Sandbox, confirmations) -> None:
    load(qtbot, window, "512")
    type_text(qtbot, window, "jobtitle", "Forgetful")
    window.services.confirm = lambda _p, _t, text: confirmations.append(text) or False  # "Cancel"
    window.close()
    assert window.isVisible() and len(confirmations) == 1
    assert "did not save" in confirmations[0]
    load_other = find(window, "contactIdEdit")
    load_other.clear()
    qtbot.keyClicks(load_other, "601")
    click(qtbot, window, "loadButton")
    assert len(confirmations) == 2
    assert find(window, "property:jobtitle").text() == "Forgetful"  # still the unsaved edit of 512


def test_many_load_save_cycles_do_not_crash(qtbot, window, sandbox: Sandbox) -> None:
    """F15: threads are kept alive until QThread.finished; a few dozen cycles stay clean."""
    load(qtbot, window, "512")
    for i in range(25):
        type_text(qtbot, window, "jobtitle", f"Title {i}")
        click(qtbot, window, "saveButton")
        qtbot.waitUntil(lambda: not window.runner.is_running(), timeout=10_000)
    assert sandbox.contact_values("512")["jobtitle"] == "Title 24"


def test_the_form_layout_of_a_new_schema_is_worked_out_off_the_gui_thread(
    qtbot, window, sandbox: Sandbox, monkeypatch
) -> None:
    """Arranging thousands of definitions into groups and rows is done by the load's worker."""
    import threading

    from contact_editor.ui import form

    threads: list[str] = []
    real_arrange = form.arrange

    def arrange(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real_arrange(*args, **kwargs)

    monkeypatch.setattr(form, "arrange", arrange)
    load(qtbot, window, "512")
    assert find(window, "property:firstname").text() == "Maria"
    assert threads, "the layout was worked out"
    assert threading.main_thread().name not in threads, threads


def test_the_form_is_usable_as_soon_as_it_says_loaded(qtbot, window, sandbox: Sandbox) -> None:
    """The loaded message and an enabled form come together (the load's thread may still be ending)."""
    find(window, "contactIdEdit").setText("512")
    click(qtbot, window, "loadButton")
    qtbot.waitUntil(lambda: "loaded" in status_text(window), timeout=10_000)
    assert window.form.isEnabled()
    assert find(window, "property:firstname").isEnabled()


def test_text_that_is_no_value_yet_counts_as_unsaved(qtbot, window, sandbox: Sandbox, confirmations) -> None:
    """'abc' in a number field leaves the model's value alone, but closing would still lose it."""
    load(qtbot, window, "512")
    type_text(qtbot, window, "property_number", "abc")
    assert window.model.dirty_names() == []
    click(qtbot, window, "saveButton")
    assert "Correct the fields marked in red" in status_text(window)  # not "no changes to save"
    window.services.confirm = lambda _p, _t, text: confirmations.append(text) or False  # "Cancel"
    window.close()
    assert window.isVisible() and len(confirmations) == 1
    assert "You changed 1 field" in confirmations[0]
    assert find(window, "property:property_number").text() == "abc"


def test_undoing_the_only_change_says_nothing_is_waiting(qtbot, window, sandbox: Sandbox) -> None:
    load(qtbot, window, "512")
    type_text(qtbot, window, "lastname", "Jensenx")
    assert "You changed 1 field" in status_text(window)
    type_text(qtbot, window, "lastname", "Jensen")
    assert status_text(window) == "Every change is undone: nothing is waiting to be saved."


def test_text_that_is_no_value_is_not_called_undone(qtbot, window, sandbox: Sandbox) -> None:
    load(qtbot, window, "512")
    type_text(qtbot, window, "lastname", "Jensenx")
    type_text(qtbot, window, "property_number", "abc")
    type_text(qtbot, window, "lastname", "Jensen")  # the model's only change is undone...
    assert window.model.dirty_names() == []
    assert "undone" not in status_text(window)  # ...but 'abc' is still waiting to be corrected
    assert "You changed 1 field" in status_text(window)
