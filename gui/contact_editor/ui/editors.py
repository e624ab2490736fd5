"""One editor widget per EditorKind, behind one interface (`PropertyEditor`), and `make_editor`.

Object names (tests and automation rely on them):
- "property:<name>" on each editor's main widget (the container for composite editors);
- "property:<name>:<option value>" on each radio button / check box of RADIO and MULTI_SELECT;
- "property:<name>/<part>" on helper parts: "/set" and "/date" (DATE, DATETIME), "/clear" (RADIO).

This module holds the text editors; the others live in editors_number, editors_dates,
editors_choice and editors_buttons.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from contact_editor.editing.codecs import EditorKind, Value
from contact_editor.hubspot.models import PropertyDefinition
from contact_editor.ui.editors_base import PropertyEditor, set_flag, tr, value_fits
from contact_editor.ui.editors_buttons import MultiSelectEditor, RadioEditor
from contact_editor.ui.editors_choice import BooleanEditor, SelectEditor
from contact_editor.ui.editors_dates import DateEditor, DateTimeEditor
from contact_editor.ui.editors_number import NumberEditor

__all__ = ["PropertyEditor", "make_editor", "value_fits"]

_MAX_TEXT = 1 << 20  # QLineEdit's default limit (32767) would silently cut longer stored values


class TextEditor(PropertyEditor):
    """TEXT: a QLineEdit; value() is the text without leading and trailing whitespace, as web forms
    send it ("" when empty or blank): a pasted " maria@example.com " is "maria@example.com". The
    text on screen is never rewritten, and an untouched field returns exactly the value it was given
    (a stored value with surrounding spaces is not changed by just looking at it)."""

    def __init__(self, defn: PropertyDefinition, kind: EditorKind, parent: QWidget | None = None) -> None:
        edit = QLineEdit(parent)
        super().__init__(defn, kind, edit, parent)
        self._edit = edit
        self._shown = ""
        edit.setMaxLength(_MAX_TEXT)
        edit.textChanged.connect(self._user_edit)

    def value(self) -> Value:
        text = self._edit.text()
        return text if text == self._shown else text.strip()

    def _show(self, value: Value) -> None:
        text = value if isinstance(value, str) else ""
        self._shown = text
        self._edit.setMaxLength(max(_MAX_TEXT, len(text)))
        self._edit.setText(text)
        self._edit.setCursorPosition(0)

    def _lock(self, read_only: bool) -> None:
        self._edit.setReadOnly(read_only)
        set_flag(self._edit, "locked", read_only)


class TextAreaEditor(PropertyEditor):
    """TEXTAREA: a QPlainTextEdit about four lines high (it scrolls beyond); Tab moves on. value() is
    the text verbatim (spaces and line breaks included)."""

    def __init__(self, defn: PropertyDefinition, kind: EditorKind, parent: QWidget | None = None) -> None:
        edit = QPlainTextEdit(parent)
        super().__init__(defn, kind, edit, parent)
        self._edit = edit
        edit.setTabChangesFocus(True)
        margins = 2 * (edit.frameWidth() + int(edit.document().documentMargin())) + 4
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + margins)
        edit.textChanged.connect(self._user_edit)

    def value(self) -> Value:
        return self._edit.toPlainText()

    def _show(self, value: Value) -> None:
        self._edit.setPlainText(value if isinstance(value, str) else "")

    def _lock(self, read_only: bool) -> None:
        self._edit.setReadOnly(read_only)
        set_flag(self._edit, "locked", read_only)


def display_text(value: Value) -> str:
    """Text for any value in a read-only field (raw text stays raw)."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        return ";".join(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


class ReadOnlyEditor(PropertyEditor):
    """READ_ONLY (and values no typed editor can show): a read-only QLineEdit with the raw text.
    value() returns exactly what set_value was given."""

    always_read_only = True

    def __init__(self, defn: PropertyDefinition, kind: EditorKind, parent: QWidget | None = None) -> None:
        edit = QLineEdit(parent)
        super().__init__(defn, kind, edit, parent)
        self._edit = edit
        self._value: Value = ""
        edit.setMaxLength(_MAX_TEXT)
        self.set_read_only(True)

    def value(self) -> Value:
        return self._value

    def _show(self, value: Value) -> None:
        self._value = value
        text = display_text(value)
        self._edit.setMaxLength(max(_MAX_TEXT, len(text)))
        self._edit.setText(text)
        self._edit.setCursorPosition(0)

    def _lock(self, read_only: bool) -> None:
        self._edit.setReadOnly(True)
        set_flag(self._edit, "locked", True)


class ExternalOptionsEditor(ReadOnlyEditor):
    """SELECT/RADIO/MULTI_SELECT whose options live elsewhere (externalOptions, no options, F07):
    the raw value, read-only, until the owner/pipeline lists are loaded (a later issue)."""

    def __init__(self, defn: PropertyDefinition, kind: EditorKind, parent: QWidget | None = None) -> None:
        super().__init__(defn, kind, parent)
        self._edit.setToolTip(tr("The choices for this field are kept elsewhere in HubSpot; "
                                 "it can't be changed here yet."))


_Factory = Callable[[PropertyDefinition, EditorKind, QWidget | None], PropertyEditor]
_EDITORS: dict[EditorKind, _Factory] = {
    EditorKind.TEXT: TextEditor,
    EditorKind.TEXTAREA: TextAreaEditor,
    EditorKind.READ_ONLY: ReadOnlyEditor,
    EditorKind.NUMBER: NumberEditor,
    EditorKind.BOOLEAN: BooleanEditor,
    EditorKind.DATE: DateEditor,
    EditorKind.DATETIME: DateTimeEditor,
    EditorKind.SELECT: SelectEditor,
    EditorKind.RADIO: RadioEditor,
    EditorKind.MULTI_SELECT: MultiSelectEditor,
}
_CHOICE_KINDS = (EditorKind.SELECT, EditorKind.RADIO, EditorKind.MULTI_SELECT)


def make_editor(defn: PropertyDefinition, kind: EditorKind, parent: QWidget | None = None) -> PropertyEditor:
    """The editor for `defn` shown as `kind`; it starts empty (set_value before showing)."""
    if kind in _CHOICE_KINDS and defn.external_options and not defn.options:
        editor: PropertyEditor = ExternalOptionsEditor(defn, kind, parent)
    else:
        editor = _EDITORS[kind](defn, kind, parent)
    return editor

