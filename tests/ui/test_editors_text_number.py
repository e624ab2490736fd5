"""TEXT, TEXTAREA, READ_ONLY and NUMBER editors: round trips, signals, object names, locale numbers."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from contact_editor.editing.codecs import EditorKind
from contact_editor.hubspot.models import PropertyDefinition
from contact_editor.ui.editors import PropertyEditor, make_editor
from contact_editor.ui.editors_number import format_decimal, number_hint, parse_decimal

GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)
ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def defn(name: str, type_: str = "string", field_type: str = "text") -> PropertyDefinition:
    return PropertyDefinition(name=name, label=name.title(), type=type_, field_type=field_type)


def build(qtbot: QtBot, d: PropertyDefinition, kind: EditorKind) -> tuple[PropertyEditor, list[int]]:
    editor = make_editor(d, kind)
    qtbot.addWidget(editor.widget)
    editor.widget.show()
    hits: list[int] = []
    editor.changed.connect(lambda: hits.append(1))
    return editor, hits


def line(editor: PropertyEditor) -> QLineEdit:
    assert isinstance(editor.widget, QLineEdit)
    return editor.widget


@pytest.fixture
def german() -> Iterator[None]:
    previous = QLocale()
    QLocale.setDefault(GERMAN)
    try:
        yield
    finally:
        QLocale.setDefault(previous)


def test_text_round_trip_silent_set_and_user_typing(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, defn("firstname"), EditorKind.TEXT)
    assert isinstance(editor.widget, QLineEdit)
    assert editor.widget.objectName() == "property:firstname"
    editor.set_value("Ada")
    assert editor.value() == "Ada" and hits == []
    editor.set_value("")
    assert editor.value() == ""
    qtbot.keyClicks(editor.widget, "Bo")
    assert editor.value() == "Bo"
    assert hits == [1, 1]


def test_text_value_drops_surrounding_whitespace_but_the_text_stays(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, defn("email"), EditorKind.TEXT)
    editor.set_value("")
    qtbot.keyClicks(editor.widget, " maria@example.com ")
    assert line(editor).text() == " maria@example.com "  # not rewritten while typing
    assert editor.value() == "maria@example.com"
    count = len(hits)
    qtbot.keyClicks(editor.widget, "  ")  # more trailing space changes no value
    assert len(hits) == count
    line(editor).selectAll()
    qtbot.keyClicks(editor.widget, "   ")
    assert editor.value() == "" and line(editor).text() == "   "  # blank counts as empty


def test_text_untouched_value_with_spaces_is_returned_exactly(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, defn("jobtitle"), EditorKind.TEXT)
    editor.set_value("  Chief  ")
    assert editor.value() == "  Chief  " and hits == []
    line(editor).end(False)
    qtbot.keyClicks(editor.widget, "x")
    assert editor.value() == "Chief  x" and hits == [1]


def test_textarea_keeps_whitespace_verbatim(qtbot: QtBot) -> None:
    editor, _ = build(qtbot, defn("message", field_type="textarea"), EditorKind.TEXTAREA)
    editor.set_value("")
    editor.widget.setFocus()
    qtbot.keyClicks(editor.widget, "  two  ")
    assert editor.value() == "  two  "


def test_text_keeps_values_longer_than_qlineedit_default_limit(qtbot: QtBot) -> None:
    editor, _ = build(qtbot, defn("notes"), EditorKind.TEXT)
    long_text = "x" * 40_000
    editor.set_value(long_text)
    assert editor.value() == long_text


def test_text_read_only_locks(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, defn("email"), EditorKind.TEXT)
    editor.set_value("a@example.com")
    editor.set_read_only(True)
    qtbot.keyClicks(editor.widget, "zzz")
    assert editor.value() == "a@example.com" and hits == []
    assert editor.is_read_only() and editor.widget.property("locked") is True


def test_textarea_round_trip_and_typing(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, defn("message", field_type="textarea"), EditorKind.TEXTAREA)
    assert isinstance(editor.widget, QPlainTextEdit)
    assert editor.widget.objectName() == "property:message"
    editor.set_value("line 1\nline 2")
    assert editor.value() == "line 1\nline 2" and hits == []
    assert 40 < editor.widget.height() < 200
    editor.widget.setFocus()
    qtbot.keyClick(editor.widget, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor.widget, "!")
    assert editor.value() == "line 1\nline 2!" and len(hits) == 1


def test_read_only_editor_shows_raw_text_and_keeps_the_value(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, defn("hs_notes_last_activity", "object_coordinates"), EditorKind.READ_ONLY)
    editor.set_value("0-1-2")
    assert isinstance(editor.widget, QLineEdit) and editor.widget.isReadOnly()
    assert line(editor).text() == "0-1-2" and editor.value() == "0-1-2"
    editor.set_read_only(False)  # a READ_ONLY editor can never be unlocked
    assert editor.widget.isReadOnly() and editor.is_read_only()
    qtbot.keyClicks(editor.widget, "x")
    assert editor.value() == "0-1-2" and hits == []


def test_number_round_trip_shows_plain_digits(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, defn("amount", "number", "number"), EditorKind.NUMBER)
    edit = editor.widget
    assert isinstance(edit, QLineEdit) and edit.objectName() == "property:amount"
    for value in (Decimal("17"), Decimal("0.0"), Decimal("-2.50"), Decimal("12345678901234567890.123")):
        editor.set_value(value)
        assert editor.value() == value and editor.is_valid()
    editor.set_value(Decimal("1E+3"))
    assert "e" not in edit.text().lower() and editor.value() == Decimal(1000)
    editor.set_value(Decimal("1E-7"))
    assert edit.text().replace(QLocale().decimalPoint(), ".") == "0.0000001"
    editor.set_value(None)
    assert editor.value() is None and edit.text() == ""
    assert hits == []


def test_number_typing_emits_and_parses_english(qtbot: QtBot) -> None:
    previous = QLocale()
    QLocale.setDefault(ENGLISH)
    try:
        editor, hits = build(qtbot, defn("amount", "number", "number"), EditorKind.NUMBER)
    finally:
        QLocale.setDefault(previous)
    qtbot.keyClicks(editor.widget, "1234.5")
    assert editor.value() == Decimal("1234.5") and editor.is_valid()
    assert hits  # each keystroke that changed the value emitted once
    line(editor).clear()
    qtbot.keyClicks(editor.widget, "1,234")  # a group separator is never ignored
    assert not editor.is_valid()
    assert editor.value() == Decimal(1)  # the last valid value ("1")
    assert editor.widget.property("invalid") is True and editor.widget.toolTip()


@pytest.mark.parametrize(("typed", "last_valid"), [
    ("1e3", Decimal(1)), ("1_000", Decimal(1)), ("1e5x", Decimal(1)), ("12 kg", Decimal(12)), ("abc", None),
])
def test_number_keeps_every_keystroke_and_marks_text_that_is_no_number(
    qtbot: QtBot, typed: str, last_valid: Decimal | None
) -> None:
    editor, hits = build(qtbot, defn("amount", "number", "number"), EditorKind.NUMBER)
    qtbot.keyClicks(editor.widget, typed)
    assert line(editor).text() == typed  # nothing dropped: "1e3" never silently becomes "13"
    assert not editor.is_valid() and editor.value() == last_valid
    assert editor.widget.property("invalid") is True
    assert number_hint(editor.widget.locale()) in editor.widget.toolTip()
    assert hits  # the change of validity reached the form
    line(editor).selectAll()
    qtbot.keyClicks(editor.widget, "1000")
    assert editor.is_valid() and editor.value() == Decimal(1000)
    assert editor.widget.property("invalid") is False and editor.widget.toolTip() == ""


def test_number_hint_english_names_the_point_once_with_an_example() -> None:
    assert number_hint(ENGLISH) == (
        "Type digits only, with at most one decimal separator ('.') and no thousands separators, "
        "for example 1234.5."
    )


def test_number_hint_german_names_both_separators_and_a_comma_example() -> None:
    hint = number_hint(GERMAN)
    assert "(',' or '.')" in hint and "1234,5" in hint and "1234.5" not in hint


@pytest.mark.parametrize("name", ["en_US", "de_DE", "fr_FR", "de_CH", "ar_EG", "fa_IR", "hi_IN"])
def test_number_hint_example_is_a_number_in_that_locale(name: str) -> None:
    locale = QLocale(name)
    hint = number_hint(locale)
    example = hint.rsplit(" ", 1)[1].removesuffix(".")
    assert parse_decimal(example, locale) == Decimal("1234.5")
    assert "('.' or '.')" not in hint


@pytest.mark.usefixtures("german")
def test_number_invalid_tooltip_uses_the_locale(qtbot: QtBot) -> None:
    editor, _ = build(qtbot, defn("amount", "number", "number"), EditorKind.NUMBER)
    qtbot.keyClicks(editor.widget, "1.234")
    assert not editor.is_valid() and "1234,5" in editor.widget.toolTip()


@pytest.mark.usefixtures("german")
def test_number_german_locale_comma_and_dot(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, defn("amount", "number", "number"), EditorKind.NUMBER)
    qtbot.keyClicks(editor.widget, "1234,5")
    assert editor.value() == Decimal("1234.5") and editor.is_valid()
    line(editor).clear()
    qtbot.keyClicks(editor.widget, "1234.5")
    assert editor.value() == Decimal("1234.5")
    editor.set_value(Decimal("1234.5"))
    assert line(editor).text() == "1234,5"
    assert hits


@pytest.mark.usefixtures("german")
def test_number_german_ambiguous_text_is_invalid_and_keeps_last_value(qtbot: QtBot) -> None:
    editor, _ = build(qtbot, defn("amount", "number", "number"), EditorKind.NUMBER)
    editor.set_value(Decimal("7"))
    line(editor).clear()
    qtbot.keyClicks(editor.widget, "1.234")  # 1.234 or 1234? refused, never guessed
    assert not editor.is_valid() and editor.value() == Decimal("1.23")  # "1.23" was valid
    line(editor).clear()
    qtbot.keyClicks(editor.widget, "1.234,5")
    assert not editor.is_valid()
    line(editor).clear()
    qtbot.keyClicks(editor.widget, "1,234")
    assert editor.is_valid() and editor.value() == Decimal("1.234")
    assert editor.widget.property("invalid") is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", None), ("  ", None), ("-3", Decimal(-3)), ("+3", Decimal(3)), (",5", Decimal("0.5")),
     ("0.123", Decimal("0.123")), ("1234.567", Decimal("1234.567")), ("\N{MINUS SIGN}2,5", Decimal("-2.5"))],
)
def test_parse_decimal_german(text: str, expected: Decimal | None) -> None:
    assert parse_decimal(text, GERMAN) == expected


@pytest.mark.parametrize("text", ["1.234", "12.345", "1.234,5", "1 234", "1,2,3", "-", ",", "1e5", "abc"])
def test_parse_decimal_german_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_decimal(text, GERMAN)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(lambda d: abs(d) < 10**30))
def test_format_then_parse_is_exact_in_both_locales(value: Decimal) -> None:
    for locale in (GERMAN, ENGLISH):
        text = format_decimal(value, locale)
        assert "e" not in text.lower()
        parsed = parse_decimal(text, locale)
        assert parsed == value


def test_number_text_that_is_no_number_is_given_exactly_and_every_keystroke_is_told(qtbot: QtBot) -> None:
    """A draft keeps what was typed: "1,5" must not be kept as "1," (the last keystroke that changed
    the validity) nor as 1 (the last valid value)."""
    editor, _ = build(qtbot, defn("amount", "number", "number"), EditorKind.NUMBER)
    editor.widget.setLocale(ENGLISH)  # ',' is no decimal separator here
    told: list[str | None] = []
    editor.changed.connect(lambda: told.append(editor.typed_text()))
    qtbot.keyClicks(editor.widget, "1,5")
    assert told == [None, "1,", "1,5"] and editor.value() == Decimal(1)
    assert editor.typed_text() == "1,5"
    line(editor).selectAll()
    qtbot.keyClicks(editor.widget, "2")
    assert editor.typed_text() is None and editor.value() == Decimal(2)


def test_number_puts_typed_text_back_as_typing_would(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, defn("amount", "number", "number"), EditorKind.NUMBER)
    editor.set_value(Decimal(42))
    assert editor.put_typed("12abc")
    assert line(editor).text() == "12abc" and not editor.is_valid() and editor.typed_text() == "12abc"
    assert editor.value() == Decimal(42) and hits == [1]
    assert editor.widget.property("invalid") is True and "This is not a number." in editor.widget.toolTip()


def test_text_editors_hold_no_typed_text(qtbot: QtBot) -> None:
    editor, _ = build(qtbot, defn("firstname"), EditorKind.TEXT)
    qtbot.keyClicks(editor.widget, "1,5")
    assert editor.typed_text() is None and not editor.put_typed("x") and editor.value() == "1,5"
