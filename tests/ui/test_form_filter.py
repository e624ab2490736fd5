"""Find a field: the filter box matches label, internal name and current value (case and accents
ignored), "Hide empty" and "Changed only", Escape clears, Ctrl+F focuses, a sentence when nothing
matches, and fields whose rows are not built yet are found from the model."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from contact_editor.editing.edit_model import EditModel
from contact_editor.hubspot.models import PropertyDefinition, PropertyGroup, PropertyOption
from contact_editor.ui import form as form_module
from contact_editor.ui.form import PropertyForm
from contact_editor.ui.form_filter import FieldIndex, fold, value_text, words

COLOURS = (PropertyOption("Bright red", "red", 0), PropertyOption("Deep blue", "blue", 1))


def d(name: str, label: str, type_: str = "string", field_type: str = "text",
      **extra: object) -> PropertyDefinition:
    return PropertyDefinition(name=name, label=label, type=type_, field_type=field_type, group_name="g",
                              **extra)  # type: ignore[arg-type]


DEFINITIONS = [
    d("firstname", "First name"),
    d("lastname", "Last name"),
    d("city", "Town"),
    d("favourite_colour", "Colour", "enumeration", "select", options=COLOURS),
    d("employees", "Employees", "number", "number"),
    d("renewal", "Renewal date", "date", "date"),
    d("notes", "Notes", "string", "textarea"),
]
VALUES: dict[str, str | None] = {"firstname": "José", "lastname": "Ørsted", "city": "",
                                 "favourite_colour": "blue", "employees": "250", "renewal": "2024-05-01",
                                 "notes": None}


def build(qtbot: QtBot, definitions: list[PropertyDefinition] | None = None,
          values: dict[str, str | None] | None = None) -> tuple[PropertyForm, EditModel]:
    defs = DEFINITIONS if definitions is None else definitions
    model = EditModel(defs, VALUES if values is None else values)
    form = PropertyForm(defs, [PropertyGroup("g", "Group", 0)], model)
    qtbot.addWidget(form)
    form.resize(700, 500)
    form.show()
    return form, model


def edit(form: PropertyForm) -> QLineEdit:
    found = form.findChild(QLineEdit, "filterEdit")
    assert isinstance(found, QLineEdit)
    return found


def toggle(form: PropertyForm, name: str) -> QCheckBox:
    found = form.findChild(QCheckBox, name)
    assert isinstance(found, QCheckBox)
    return found


def shown(qtbot: QtBot, form: PropertyForm) -> list[str]:
    """The fields on screen (in display order) once the filter has applied."""
    qtbot.waitUntil(lambda: not form.is_busy(), timeout=10_000)
    result = []
    for name in form.names():
        label = form.findChild(QLabel, f"label:{name}")
        if label is not None and label.isVisibleTo(form):
            result.append(name)
    return result


def type_filter(qtbot: QtBot, form: PropertyForm, text: str) -> list[str]:
    box = edit(form)
    box.selectAll()
    if text:
        qtbot.keyClicks(box, text)
    else:
        box.clear()
    return shown(qtbot, form)


def only(form: PropertyForm, *names: str) -> list[str]:
    """`names` in the form's display order (editable fields first, then by label)."""
    return [name for name in form.names() if name in names]


def no_match(form: PropertyForm) -> QLabel:
    found = form.findChild(QLabel, "noMatchLabel")
    assert isinstance(found, QLabel)
    return found


def test_filter_by_label_internal_name_and_value(qtbot: QtBot) -> None:
    form, _ = build(qtbot)
    everything = shown(qtbot, form)
    assert everything == form.names()
    assert type_filter(qtbot, form, "name") == only(form, "firstname", "lastname")  # labels
    assert type_filter(qtbot, form, "FAVOURITE_") == ["favourite_colour"]  # internal name, any case
    assert type_filter(qtbot, form, "deep") == ["favourite_colour"]  # the option label shown
    assert type_filter(qtbot, form, "jose") == ["firstname"]  # value, accents ignored
    assert type_filter(qtbot, form, "orsted") == ["lastname"]
    assert type_filter(qtbot, form, "250") == ["employees"]
    assert type_filter(qtbot, form, "2024-05") == ["renewal"]
    assert type_filter(qtbot, form, "last orsted") == ["lastname"]  # every word, anywhere
    assert type_filter(qtbot, form, "") == everything
    count = form.findChild(QLabel, "filterCount")
    assert isinstance(count, QLabel) and count.text() == "7 fields"


def test_nothing_matches_says_so(qtbot: QtBot) -> None:
    form, _ = build(qtbot)
    assert not no_match(form).isVisibleTo(form)
    assert type_filter(qtbot, form, "xyz") == []
    assert no_match(form).isVisibleTo(form)
    assert no_match(form).text() == "No field matches \N{LEFT DOUBLE QUOTATION MARK}xyz" \
        "\N{RIGHT DOUBLE QUOTATION MARK}."
    assert no_match(form).textFormat() == Qt.TextFormat.PlainText
    assert type_filter(qtbot, form, "town") == ["city"]
    assert not no_match(form).isVisibleTo(form)


def test_hide_empty(qtbot: QtBot) -> None:
    form, _ = build(qtbot)
    toggle(form, "hideEmptyToggle").click()
    filled = only(form, "firstname", "lastname", "favourite_colour", "employees", "renewal")
    assert shown(qtbot, form) == filled
    assert type_filter(qtbot, form, "name") == only(form, "firstname", "lastname")
    assert type_filter(qtbot, form, "") == filled
    toggle(form, "hideEmptyToggle").click()
    assert shown(qtbot, form) == form.names()


def test_changed_only(qtbot: QtBot) -> None:
    form, model = build(qtbot)
    changed = toggle(form, "changedOnlyToggle")
    changed.click()
    assert shown(qtbot, form) == []
    assert no_match(form).text() == "No field has been changed."
    changed.click()
    shown(qtbot, form)
    city = form.editor("city").widget
    assert isinstance(city, QLineEdit)
    city.setText("Leeds")
    changed.click()
    assert shown(qtbot, form) == ["city"]
    city.setText("")  # back to the loaded value: the field stays while the person is at it
    assert shown(qtbot, form) == ["city"]
    model.accept_saved({})
    form.refresh_from_model()  # after a save or a discard the filter applies again
    assert shown(qtbot, form) == []


def test_escape_clears_and_ctrl_f_focuses(qtbot: QtBot) -> None:
    form, _ = build(qtbot)
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    first = form.editor("firstname").widget
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    qtbot.keyClick(first, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    box = edit(form)
    assert box.hasFocus()
    qtbot.keyClicks(box, "town")
    assert shown(qtbot, form) == ["city"]
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert box.text() == "" and not form.filter_bar.pending()  # at once, no pause
    assert shown(qtbot, form) == form.names()


def test_a_field_with_an_error_stays_in_sight(qtbot: QtBot) -> None:
    form, _ = build(qtbot)
    assert type_filter(qtbot, form, "town") == ["city"]
    form.show_errors({"employees": "Too many."})
    assert shown(qtbot, form) == only(form, "city", "employees")


def test_unbuilt_rows_are_found_from_the_model(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(form_module, "SYNC_ALL", 0)
    monkeypatch.setattr(form_module, "BACKGROUND_ALL", 0)
    defs = [d(f"f{i}", f"Field {i}") for i in range(3000)]
    form, _ = build(qtbot, defs, {"f2999": "needle in a haystack", "f1500": "Haystack"})
    assert form.findChild(QWidget, "label:f2999") is None
    assert type_filter(qtbot, form, "needle") == ["f2999"]  # built now, being on screen
    assert type_filter(qtbot, form, "haystack") == only(form, "f1500", "f2999")
    assert type_filter(qtbot, form, "field 2998") == ["f2998"]
    count = form.findChild(QLabel, "filterCount")
    assert isinstance(count, QLabel) and count.text().replace(",", "") == "1 of 3000"


def test_value_text_and_fold() -> None:
    colour = DEFINITIONS[3]
    assert value_text(colour, "blue") == "blue\nDeep blue"
    assert value_text(colour, None) == ""
    assert value_text(DEFINITIONS[4], Decimal("1.50")) == "1.50"
    assert "2024-05-01" in value_text(DEFINITIONS[5], datetime.date(2024, 5, 1))
    assert "May" in value_text(DEFINITIONS[5], datetime.date(2024, 5, 1))
    assert value_text(d("b", "B", "bool", "booleancheckbox"), True) == "Yes"
    assert fold("Ørsted Émile") == "orsted emile"
    assert words("  Deep   BLUE ") == ("deep", "blue")


def test_field_index_follows_the_model() -> None:
    model = EditModel(DEFINITIONS, VALUES)
    index = FieldIndex(DEFINITIONS, model)
    names = [defn.name for defn in DEFINITIONS]

    def kept(text: str, hide_empty: bool = False, changed_only: bool = False) -> list[str]:
        return [name for name, keep in zip(names, index.matches(words(text), hide_empty, changed_only),
                                           strict=True) if keep]

    assert kept("blue") == ["favourite_colour"]
    model.set_value("favourite_colour", "red")
    index.forget(["favourite_colour"])
    assert kept("blue") == [] and kept("bright") == ["favourite_colour"]
    assert kept("", changed_only=True) == ["favourite_colour"]
    assert kept("", hide_empty=True) == ["firstname", "lastname", "favourite_colour", "employees", "renewal"]
