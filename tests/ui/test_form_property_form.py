"""PropertyForm: grouping and order, labels and tooltips, locks, change marks, errors, refresh, and
the F04/F06/F22 cases end to end through a real EditModel."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TypeVar

import pytest
from PySide6.QtCore import QDate, QLocale, QPoint, QPointF, Qt
from PySide6.QtGui import QKeySequence, QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot

from contact_editor.editing.edit_model import EditModel
from contact_editor.hubspot.models import PropertyDefinition, PropertyGroup, PropertyOption
from contact_editor.ui.form import PropertyForm

W = TypeVar("W", bound=QWidget)

YES_NO = (PropertyOption("Yes", "true", 0), PropertyOption("No", "false", 1))
VISITORS = (PropertyOption("Under 5k", "under_5k", 0), PropertyOption("Over 5k", "over_5k", 1))


def d(name: str, label: str, group: str, order: int = 0, type_: str = "string", field_type: str = "text",
      **extra: object) -> PropertyDefinition:
    return PropertyDefinition(name=name, label=label, type=type_, field_type=field_type, group_name=group,
                              display_order=order, **extra)  # type: ignore[arg-type]


DEFINITIONS = [
    d("mystery", "Mystery", "zz_unknown_group"),
    d("lastname", "Last name", "contactinformation", 2),
    d("firstname", "First name", "contactinformation", 1, description="The <given> name & more"),
    d("secret", "Secret", "contactinformation", 0, hidden=True),
    d("email", "Email", "contactinformation", 2),  # same order as lastname: sorted by label
    d("createdate", "Create date", "system", 0, "datetime", "date", read_only_value=True),
    d("visitors", "Visitors", "sales", 1, "enumeration", "select", options=VISITORS),
    d("opt_in", "Opt in", "sales", 2, "bool", "booleancheckbox", options=YES_NO),
    d("renewal_date", "Renewal date", "sales", 3, "date", "date"),
    d("amount", "Amount", "sales", 4, "number", "number"),
    d("last_order", "Last order", "sales", -1, "number", "number"),
]
GROUPS = [
    PropertyGroup("system", "System", 3),
    PropertyGroup("sales", "Sales", 2),
    PropertyGroup("contactinformation", "Contact information", 1),
    PropertyGroup("unused", "Unused", 0),
]
VALUES: dict[str, str | None] = {
    "firstname": "Ada", "lastname": "Lovelace", "email": "ada@example.com", "secret": "s",
    "createdate": "2023-12-14T23:31:55.758Z", "visitors": "lt5k_old", "opt_in": "", "renewal_date": None,
    "amount": "17", "mystery": "m",
}


def build(qtbot: QtBot, values: dict[str, str | None] | None = None) -> tuple[PropertyForm, EditModel]:
    model = EditModel(DEFINITIONS, VALUES if values is None else values)
    form = PropertyForm(DEFINITIONS, GROUPS, model)
    qtbot.addWidget(form)
    form.resize(600, 400)
    form.show()
    return form, model


def find(form: PropertyForm, kind: type[W], name: str) -> W:
    widget = form.findChild(kind, name)
    assert widget is not None, name
    return widget


def label(form: PropertyForm, name: str) -> QLabel:
    found = find(form, QLabel, f"label:{name}")
    assert isinstance(found, QLabel)
    return found


def layout_order(form: PropertyForm) -> list[tuple[str, list[str]]]:
    """(group box title, property names) as actually laid out, top to bottom: each group box holds
    blocks of rows, each block one QFormLayout of (label, field) rows."""
    content = find(form, QWidget, "property-form-content")
    boxes = sorted(content.findChildren(QGroupBox), key=lambda box: box.y())
    result = []
    for box in boxes:
        column = box.layout()
        assert column is not None
        names = []
        for index in range(column.count()):
            item = column.itemAt(index)
            block = item.widget() if item is not None else None
            assert block is not None
            layout = block.layout()
            assert isinstance(layout, QFormLayout)
            for row in range(layout.rowCount()):
                label_item = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
                widget = label_item.widget() if label_item is not None else None
                assert widget is not None, "a row is not built"
                names.append(widget.objectName().removeprefix("label:"))
        result.append((box.title(), names))
    return result


def type_into(qtbot: QtBot, form: PropertyForm, name: str, text: str) -> None:
    edit = form.editor(name).widget
    assert isinstance(edit, QLineEdit)
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def test_groups_and_fields_in_display_order(qtbot: QtBot) -> None:
    form, _ = build(qtbot)
    assert layout_order(form) == [
        ("Contact information", ["firstname", "email", "lastname", "secret"]),
        ("Sales", ["visitors", "opt_in", "renewal_date", "amount", "last_order"]),
        ("System", ["createdate"]),
        ("zz_unknown_group", ["mystery"]),
    ]
    assert form.names() == [name for _, names in layout_order(form) for name in names]
    assert find(form, QGroupBox, "group:sales").title() == "Sales"
    content = find(form, QWidget, "property-form-content")
    assert find(form, QScrollArea, "property-form-scroll").widget() is content


def test_labels_tooltips_and_editors(qtbot: QtBot) -> None:
    form, _ = build(qtbot)
    first = label(form, "firstname")
    assert first.text() == "First name"
    assert "The &lt;given&gt; name &amp; more" in first.toolTip() and "firstname" in first.toolTip()
    assert form.editor("firstname").widget.objectName() == "property:firstname"
    assert find(form, QLineEdit, "property:firstname") is form.editor("firstname").widget
    assert form.editor("visitors").value() == "lt5k_old"
    with pytest.raises(KeyError):
        form.editor("nope")


def test_read_only_fields_are_locked_and_marked(qtbot: QtBot) -> None:
    form, _ = build(qtbot)
    editor = form.editor("createdate")
    assert editor.is_read_only()
    assert find(form, QLabel, "lock:createdate").isVisibleTo(form)
    assert "Read-only" in label(form, "createdate").toolTip()
    assert not find(form, QLabel, "lock:firstname").isVisibleTo(form)
    assert not form.editor("firstname").is_read_only()


def test_changed_fields_are_marked_and_unmarked(qtbot: QtBot) -> None:
    form, model = build(qtbot)
    signals: list[int] = []
    form.dirty_changed.connect(lambda: signals.append(1))
    type_into(qtbot, form, "firstname", "Bob")
    first = label(form, "firstname")
    assert model.is_dirty("firstname") and model.value("firstname") == "Bob"
    assert first.property("changed") is True and first.text().startswith("\N{BULLET}")
    assert "Changed, not saved yet" in first.toolTip()
    assert find(form, QWidget, "mark:firstname").property("changed") is True
    assert label(form, "lastname").property("changed") is not True
    assert signals
    type_into(qtbot, form, "firstname", "Ada")
    assert not model.is_dirty("firstname")
    assert first.property("changed") is False and first.text() == "First name"
    assert "Changed, not saved yet" not in first.toolTip()


def test_unanswered_boolean_and_empty_date_are_not_dirty_and_not_sent(qtbot: QtBot) -> None:
    form, model = build(qtbot)
    assert form.editor("opt_in").value() is None
    assert form.editor("renewal_date").value() is None
    assert model.dirty_names() == []
    type_into(qtbot, form, "lastname", "Byron")
    assert model.patch_body() == {"lastname": "Byron"}  # no opt_in, renewal_date nor the orphan


def test_clearing_a_date_sends_empty(qtbot: QtBot) -> None:
    form, model = build(qtbot, {**VALUES, "renewal_date": "2024-05-01"})
    assert form.editor("renewal_date").value() == datetime.date(2024, 5, 1)
    check = find(form, QCheckBox, "property:renewal_date/set")
    check.click()
    assert model.patch_body() == {"renewal_date": ""}
    assert label(form, "renewal_date").property("changed") is True


def test_boolean_choice_reaches_the_model(qtbot: QtBot) -> None:
    form, model = build(qtbot)
    combo = form.editor("opt_in").widget
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(2)
    assert model.patch_body() == {"opt_in": "false"}


def test_number_edit_and_invalid_text(qtbot: QtBot) -> None:
    form, model = build(qtbot)
    type_into(qtbot, form, "amount", "17.25")
    assert model.value("amount") == Decimal("17.25") and form.invalid_names() == []
    type_into(qtbot, form, "amount", "1,234")
    assert form.invalid_names() == ["amount"]


def test_show_errors_under_the_right_field_and_scrolls(qtbot: QtBot) -> None:
    form, _ = build(qtbot)
    scroll = find(form, QScrollArea, "property-form-scroll")
    assert isinstance(scroll, QScrollArea)
    bar = scroll.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    unknown = form.show_errors({"mystery": "HubSpot did not accept this value.", "gone": "x"})
    assert unknown == ["gone"]
    error = find(form, QLabel, "error:mystery")
    assert isinstance(error, QLabel)
    assert error.isVisibleTo(form) and error.text() == "HubSpot did not accept this value."
    assert error.wordWrap() and error.parentWidget() is find(form, QWidget, "field:mystery")
    assert not find(form, QLabel, "error:firstname").isVisibleTo(form)
    qtbot.waitUntil(lambda: bar.value() > 0)
    form.clear_errors()
    assert not error.isVisibleTo(form) and error.text() == ""


def test_show_errors_replaces_earlier_errors(qtbot: QtBot) -> None:
    form, _ = build(qtbot)
    form.show_errors({"firstname": "one"})
    form.show_errors({"lastname": "two"})
    assert not find(form, QLabel, "error:firstname").isVisibleTo(form)
    assert find(form, QLabel, "error:lastname").isVisibleTo(form)


def test_refresh_from_model_after_save(qtbot: QtBot) -> None:
    form, model = build(qtbot)
    type_into(qtbot, form, "firstname", "Bob")
    type_into(qtbot, form, "lastname", "Byron")
    model.accept_saved({"firstname": "Bob"})
    form.refresh_from_model()
    assert label(form, "firstname").property("changed") is False
    assert label(form, "lastname").property("changed") is True
    assert form.editor("firstname").value() == "Bob"


def test_refresh_swaps_the_editor_when_a_value_becomes_unreadable(qtbot: QtBot) -> None:
    form, model = build(qtbot)
    model.accept_saved({"amount": "not a number"})
    form.refresh_from_model()
    editor = form.editor("amount")
    assert editor.is_read_only() and editor.value() == "not a number"
    assert find(form, QLabel, "lock:amount").isVisibleTo(form)
    assert form.findChild(QLineEdit, "property:amount") is editor.widget
    model.accept_saved({"amount": "5"})
    form.refresh_from_model()
    assert form.editor("amount").value() == Decimal(5) and not form.editor("amount").is_read_only()


def test_wheel_over_a_combo_scrolls_the_form_not_the_value(qtbot: QtBot) -> None:
    form, model = build(qtbot)
    combo = form.editor("opt_in").widget
    scroll = find(form, QScrollArea, "property-form-scroll")
    assert isinstance(scroll, QScrollArea)
    centre = QPointF(combo.width() / 2, combo.height() / 2)
    event = QWheelEvent(centre, QPointF(combo.mapToGlobal(centre)), QPoint(0, 0), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(combo, event)
    assert form.editor("opt_in").value() is None and model.dirty_names() == []
    assert scroll.verticalScrollBar().value() > 0


# -- usability: errors go when the field is changed, HubSpot text is shown literally -----------------

def test_changing_a_field_hides_only_its_error(qtbot: QtBot) -> None:
    form, _ = build(qtbot)
    form.show_errors({"firstname": "Too short.", "lastname": "Not allowed.", "amount": "Not a number.",
                      "renewal_date": "Too late."})
    type_into(qtbot, form, "firstname", "B")
    assert not find(form, QLabel, "error:firstname").isVisibleTo(form)
    assert find(form, QLabel, "error:firstname").text() == ""
    assert find(form, QLabel, "error:lastname").isVisibleTo(form)
    type_into(qtbot, form, "amount", "1e3")  # still no number: the person is at it, the error goes
    assert not find(form, QLabel, "error:amount").isVisibleTo(form)
    find(form, QCheckBox, "property:renewal_date/set").click()
    assert not find(form, QLabel, "error:renewal_date").isVisibleTo(form)
    assert find(form, QLabel, "error:lastname").text() == "Not allowed."


def test_text_sent_without_surrounding_whitespace(qtbot: QtBot) -> None:
    form, model = build(qtbot)
    type_into(qtbot, form, "email", " maria@example.com ")
    assert model.patch_body() == {"email": "maria@example.com"}
    type_into(qtbot, form, "lastname", "   ")
    assert model.patch_body() == {"email": "maria@example.com", "lastname": ""}


HTML = "<h1>Big</h1><img src='x.png'>"


def test_hubspot_text_in_labels_is_shown_literally(qtbot: QtBot) -> None:
    definitions = [
        d("html", HTML, "g&roup", 0, description=HTML),
        d("rnd", "R&D budget", "g&roup", 1, "number", "number"),
        d("locked", "Locked <b>x</b>", "g&roup", 2, read_only_value=True),
    ]
    groups = [PropertyGroup("g&roup", "Sales & <i>Marketing</i>", 0)]
    model = EditModel(definitions, {"html": HTML, "rnd": "1", "locked": "<b>x</b>"})
    form = PropertyForm(definitions, groups, model)
    qtbot.addWidget(form)
    form.show()
    form.show_errors({"html": HTML})
    labels = form.findChildren(QLabel)
    assert labels and all(lbl.textFormat() == Qt.TextFormat.PlainText for lbl in labels)
    assert label(form, "html").text() == HTML
    assert find(form, QLabel, "error:html").text() == HTML
    assert "&lt;h1&gt;Big&lt;/h1&gt;&lt;img src=&#x27;x.png&#x27;&gt;" in label(form, "html").toolTip()
    assert find(form, QLineEdit, "property:locked").text() == "<b>x</b>"
    rnd = label(form, "rnd")
    assert QKeySequence.mnemonic(rnd.text()).isEmpty()  # the label has a buddy: '&' must stay visible
    assert rnd.text().replace("&&", "&") == "R&D budget"
    box = find(form, QGroupBox, "group:g&roup")
    assert box.title().replace("&&", "&") == "Sales & <i>Marketing</i>"
    assert QKeySequence.mnemonic(box.title()).isEmpty()
    type_into(qtbot, form, "rnd", "2")  # the changed label keeps it too
    assert rnd.text().replace("&&", "&") == "\N{BULLET} R&D budget"
    form.grab()


@pytest.mark.parametrize(("wire", "day"), [("-62135596800000", datetime.date(1, 1, 1)),
                                           ("0001-01-01", datetime.date(1, 1, 1)),
                                           ("-8514979200000", datetime.date(1700, 3, 4))])
def test_an_old_stored_date_is_shown_and_saved_back_unchanged(qtbot: QtBot, wire: str,
                                                              day: datetime.date) -> None:
    """Dates before 1753 (QDateEdit's default minimum) and before year 100 (the oldest its edit
    can hold) show the stored day and are not sent back changed."""
    form, model = build(qtbot, {**VALUES, "renewal_date": wire})
    assert model.value("renewal_date") == day
    edit = find(form, QDateEdit, "property:renewal_date/date")
    assert edit.text() == QLocale().toString(QDate(day.year, day.month, day.day), "d MMM yyyy")
    assert f"{day.year:04d}" in edit.text()
    assert form.editor("renewal_date").value() == day
    assert model.patch_body() == {} and not model.is_dirty("renewal_date")


def test_an_old_date_entered_is_saved_as_entered(qtbot: QtBot) -> None:
    form, model = build(qtbot, {**VALUES, "renewal_date": "2024-05-01"})
    edit = find(form, QDateEdit, "property:renewal_date/date")
    edit.setDate(QDate(150, 4, 17))  # was 1 Jan 1753 (the edit's minimum), without notice
    assert model.value("renewal_date") == datetime.date(150, 4, 17)
    assert model.patch_body() == {"renewal_date": "-57424464000000"}
