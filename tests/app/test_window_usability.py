"""Things a first user ran into: the header after a save, long or odd data, IDs typed oddly,
edits during a load or save, and a first start with --contact but no token."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QLineEdit
from window_driver import click, find, load, save, status_text, type_text

from contact_editor.app import create_window
from contact_editor.sandbox import DEMO_TOKEN, Sandbox
from contact_editor.ui.services import normalise_contact_id


def _title(window) -> str:  # type: ignore[no-untyped-def]
    return find(window, "contactTitle", QLabel).full_text()


def test_the_header_keeps_name_and_email_after_a_save(qtbot, window, sandbox: Sandbox) -> None:
    load(qtbot, window, "512")
    assert _title(window) == "Maria Jensen · maria.jensen@example.com · ID 512"
    type_text(qtbot, window, "jobtitle", "Boss")
    save(qtbot, window)
    assert _title(window) == "Maria Jensen · maria.jensen@example.com · ID 512"
    type_text(qtbot, window, "firstname", "Marie")
    save(qtbot, window)
    assert _title(window) == "Marie Jensen · maria.jensen@example.com · ID 512"


def test_long_or_html_names_never_widen_the_window_or_render_as_markup(
    qtbot, window, sandbox: Sandbox
) -> None:
    sandbox.set_value("512", "firstname", "<h1>Big</h1> Alexandra Maria-Konstantina " * 6)
    sandbox.set_value("512", "email", "alexandra.papadopoulou-vanderwesthuizen@harbor-analytics.example.com")
    load(qtbot, window, "512")
    title = find(window, "contactTitle", QLabel)
    assert title.textFormat() == Qt.TextFormat.PlainText
    assert "<h1>Big</h1>" in title.toolTip()
    assert window.minimumSizeHint().width() < 1100
    find(window, "contactIdEdit", QLineEdit).setText("9" * 200)  # longer than the box takes
    click(qtbot, window, "loadButton")
    assert window.minimumSizeHint().width() < 1100
    assert find(window, "statusMessage", QLabel).textFormat() == Qt.TextFormat.PlainText


def test_ids_typed_with_other_digits_or_leading_zeros() -> None:
    assert normalise_contact_id("\uff15\uff11\uff12") == "512"  # full-width, from an input method
    assert normalise_contact_id("٥١٢") == "512"
    assert normalise_contact_id(" 00512 ") == "512"
    for bad in ("", "0", "²", "5 12", "maria@example.com", "-512", "5.12"):
        assert normalise_contact_id(bad) is None, bad


def test_the_form_is_locked_while_loading_and_save_waits(qtbot, window, sandbox: Sandbox) -> None:
    load(qtbot, window, "512")
    type_text(qtbot, window, "jobtitle", "Typed before")
    gate = sandbox.hold("GET", "/crm/v3/objects/contacts/601")
    edit = find(window, "contactIdEdit", QLineEdit)
    edit.setText("601")
    click(qtbot, window, "loadButton")
    qtbot.waitUntil(lambda: gate.waiting >= 1, timeout=5000)
    assert not window.form.isEnabled(), "no typing into a form that is about to be replaced"
    assert not find(window, "saveButton").isEnabled()
    window.save_action.trigger()  # Ctrl+S / File → Save during a load does nothing
    gate.release()
    qtbot.waitUntil(lambda: not window.runner.is_running(), timeout=10_000)
    assert [r for r in sandbox.requests if r.method == "PATCH"] == []
    assert find(window, "property:firstname").text() == "Tomás"
    assert window.form.isEnabled()


def test_a_failed_load_keeps_the_contact_and_says_so(qtbot, window, sandbox: Sandbox, confirmations) -> None:
    load(qtbot, window, "512")
    type_text(qtbot, window, "jobtitle", "Kept")
    load(qtbot, window, "4040")
    assert "Contact 512 is still on screen" in status_text(window)
    assert find(window, "contactIdEdit", QLineEdit).text() == "512"
    assert find(window, "property:jobtitle").text() == "Kept"
    window.services.confirm = lambda *_args: False  # "Cancel" at "discard your changes?"
    load(qtbot, window, "601")
    assert find(window, "contactIdEdit", QLineEdit).text() == "512"


def test_first_start_with_contact_asks_for_the_token_then_loads(qtbot, monkeypatch, sandbox: Sandbox) -> None:
    monkeypatch.delenv("HUBSPOT_ACCESS_TOKEN", raising=False)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, answer)
            return
        assert "No usable access token" not in status_text(win), "no error behind the dialog"
        qtbot.keyClicks(dialog.findChild(QLineEdit, "tokenEdit"), DEMO_TOKEN)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    win = create_window(["--api-base", sandbox.url, "--contact", "512"])
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.form is not None and not win.runner.is_running(), timeout=10_000)
    assert "512 loaded" in status_text(win)


def test_no_false_alarm_when_values_only_differ_in_formatting(qtbot, window, sandbox, confirmations) -> None:
    load(qtbot, window, "512")
    type_text(qtbot, window, "property_number", "5.000")  # loaded as "5"
    type_text(qtbot, window, "firstname", "  Maria ")  # the same name with stray spaces
    assert window.model.dirty_names() == []
    assert not find(window, "saveButton").isEnabled()
    window.close()
    assert confirmations == [], "nothing to lose, so nothing to ask"
    assert not window.isVisible()
