"""Another writer between Load and Save: same field → a three-way choice; other field → no question."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QPushButton
from window_driver import find, load, save, status_text, type_text

from contact_editor.sandbox import Sandbox


def _recording_resolver(answers: dict[str, bool] | None, asked: list):  # type: ignore[no-untyped-def]
    def resolve(_parent, conflicts):  # type: ignore[no-untyped-def]
        asked.append(conflicts)
        return answers

    return resolve


def test_same_field_changed_by_someone_else_asks_with_three_values(qtbot, window, sandbox: Sandbox) -> None:
    asked: list = []
    window.services.resolve_conflicts = _recording_resolver({"jobtitle": True}, asked)
    load(qtbot, window, "512")
    loaded_title = find(window, "property:jobtitle").text()
    type_text(qtbot, window, "jobtitle", "Mine")
    sandbox.set_value("512", "jobtitle", "Theirs")
    save(qtbot, window)
    assert len(asked) == 1
    (conflict,) = asked[0]
    assert conflict.definition.name == "jobtitle"
    assert (conflict.loaded, conflict.theirs, conflict.yours) == (loaded_title, "Theirs", "Mine")
    assert sandbox.contact_values("512")["jobtitle"] == "Mine"  # they chose to keep their own value
    assert window.model.dirty_names() == []


def test_choosing_hubspots_value_sends_nothing_for_that_field(qtbot, window, sandbox: Sandbox) -> None:
    window.services.resolve_conflicts = _recording_resolver({"jobtitle": False}, [])
    load(qtbot, window, "512")
    type_text(qtbot, window, "jobtitle", "Mine")
    type_text(qtbot, window, "firstname", "Mary")
    sandbox.set_value("512", "jobtitle", "Theirs")
    save(qtbot, window)
    patches = [r.body for r in sandbox.requests if r.method == "PATCH"]
    assert patches == [{"properties": {"firstname": "Mary"}}]
    assert find(window, "property:jobtitle").text() == "Theirs"
    assert sandbox.contact_values("512")["jobtitle"] == "Theirs"


def test_cancelling_the_choice_sends_nothing_and_keeps_every_edit(qtbot, window, sandbox: Sandbox) -> None:
    window.services.resolve_conflicts = _recording_resolver(None, [])
    load(qtbot, window, "512")
    type_text(qtbot, window, "jobtitle", "Mine")
    sandbox.set_value("512", "jobtitle", "Theirs")
    save(qtbot, window)
    assert [r for r in sandbox.requests if r.method == "PATCH"] == []
    assert window.model.dirty_names() == ["jobtitle"]
    assert find(window, "property:jobtitle").text() == "Mine"
    assert "Nothing was saved" in status_text(window)


def test_a_different_field_changed_by_someone_else_is_refreshed_without_asking(
    qtbot, window, sandbox: Sandbox
) -> None:
    asked: list = []
    window.services.resolve_conflicts = _recording_resolver({}, asked)
    load(qtbot, window, "512")
    type_text(qtbot, window, "jobtitle", "Mine")
    sandbox.set_value("512", "phone", "+1 617 555 9999")
    save(qtbot, window)
    assert asked == []
    after = sandbox.contact_values("512")
    assert after["jobtitle"] == "Mine" and after["phone"] == "+1 617 555 9999"  # nothing lost
    patches = [r.body for r in sandbox.requests if r.method == "PATCH"]
    assert patches == [{"properties": {"jobtitle": "Mine"}}]
    assert find(window, "property:phone").text() == "+1 617 555 9999"
    assert "Someone else had changed Phone Number meanwhile" in status_text(window)


def test_choosing_hubspots_value_for_the_only_change_says_nothing_was_sent(qtbot, window, sandbox) -> None:
    window.services.resolve_conflicts = _recording_resolver({"jobtitle": False}, [])
    load(qtbot, window, "512")
    type_text(qtbot, window, "jobtitle", "Mine")
    sandbox.set_value("512", "jobtitle", "Theirs")
    save(qtbot, window)
    assert "you chose the values in HubSpot" in status_text(window)
    assert [r for r in sandbox.requests if r.method == "PATCH"] == []


def test_the_dialog_for_a_restored_draft_does_not_promise_a_save(qtbot) -> None:
    from contact_editor.editing.conflicts import Conflict
    from contact_editor.hubspot.models import PropertyDefinition
    from contact_editor.ui.conflict_dialog import ConflictDialog

    defn = PropertyDefinition(name="jobtitle", label="Job Title", type="string", field_type="text")
    conflict = Conflict(defn, "Old", "Theirs", "Mine", "Theirs")
    for restoring, button in ((True, "Use these choices"), (False, "Save with these choices")):
        dialog = ConflictDialog([conflict], None, restoring=restoring)
        qtbot.addWidget(dialog)
        assert dialog.findChild(QPushButton, "conflictSaveButton").text() == button


def test_a_change_that_only_differs_in_formatting_is_no_conflict(qtbot, window, sandbox: Sandbox) -> None:
    asked: list = []
    window.services.resolve_conflicts = _recording_resolver({}, asked)
    load(qtbot, window, "512")
    type_text(qtbot, window, "property_number", "8")
    sandbox.set_value("512", "property_date", "2019-10-01")  # the same day as its midnight-ms value
    sandbox.set_value("512", "property_number", "5.0")  # the same number as loaded "5"
    save(qtbot, window)
    assert asked == []
    assert sandbox.contact_values("512")["property_number"] == "8"


def test_the_real_dialog_shows_the_three_values_in_plain_words(qtbot, window, sandbox: Sandbox) -> None:
    seen: dict = {}

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, answer)
            return
        seen["texts"] = [label.text() for label in dialog.findChildren(QLabel)]
        choice = dialog.findChild(QComboBox, "conflict:property_dropdown")
        choice.setCurrentIndex(choice.findData("theirs"))
        qtbot.mouseClick(dialog.findChild(QPushButton, "conflictSaveButton"), Qt.MouseButton.LeftButton)

    load(qtbot, window, "512")
    combo = find(window, "property:property_dropdown")
    combo.setCurrentIndex(combo.findData("choice_b"))
    sandbox.set_value("512", "property_dropdown", "choice_c")
    QTimer.singleShot(0, answer)
    save(qtbot, window)
    labels = {d.value: d.label for d in [o for o in window.model.definitions["property_dropdown"].options]}
    for value in ("choice_a", "choice_b", "choice_c"):
        assert labels[value] in seen["texts"], "option labels, not internal values"
    assert "choice_b" not in " ".join(seen["texts"])
    assert sandbox.contact_values("512")["property_dropdown"] == "choice_c"
    assert [r for r in sandbox.requests if r.method == "PATCH"] == []


def test_the_dialog_shows_labels_and_values_literally_never_as_html(qtbot) -> None:
    """A user test: a First Name "<h1>Huge</h1>…" showed as a big heading, "A & B <C>" as "A & B"."""
    from contact_editor.editing.conflicts import Conflict
    from contact_editor.hubspot.models import PropertyDefinition
    from contact_editor.ui.conflict_dialog import ConflictDialog

    defn = PropertyDefinition(name="firstname", label="<i>First</i> Name", type="string", field_type="text")
    values = ("<h1>Huge</h1><font color=red>red</font>", "A & B <C>", "<b>mine</b>")
    dialog = ConflictDialog([Conflict(defn, *values, values[1])], None, restoring=True)
    qtbot.addWidget(dialog)
    shown = {label.text(): label.textFormat() for label in dialog.findChildren(QLabel)}
    for text in (defn.label, *values):
        assert shown.get(text) == Qt.TextFormat.PlainText, f"{text!r} is not shown literally"
