"""Choice editors: BOOLEAN and SELECT (RADIO and MULTI_SELECT, one button per choice: editors_buttons).

Labels are shown and option values stored. Hidden options are offered only while the contact holds
one. A held value that is no option at all (an orphan, F06) is shown as "<value> (no longer an
option)" and kept unless the user picks something else. BOOLEAN has three states: unanswered (None),
Yes, No (F04). Option labels and descriptions are HubSpot text, shown literally: buttons show '&'
(never a shortcut key), and description tooltips are escaped.

A SELECT with more than `SEARCHABLE_MIN` options is searchable: an editable combo whose typed text
finds options by any part of their label (a QCompleter in "contains" mode), over a light list model
(no item is created per option, so a list of 5,000 costs nothing until it is opened). The stored value
is still the option value (item data, Qt.UserRole); typed text that picks nothing goes back to the
chosen option's label when the field is left, and emptied text means no value.
"""

from __future__ import annotations

import weakref
from typing import Any

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QListView, QWidget

from contact_editor.editing.codecs import EditorKind, Value
from contact_editor.hubspot.models import PropertyDefinition, PropertyOption
from contact_editor.ui.editors_base import (
    NO_VALUE_TEXT,
    PropertyEditor,
    choices,
    object_name,
    plain_tooltip,
    tr,
)

_Choice = tuple[str, str, PropertyOption | None]
_Index = QModelIndex | QPersistentModelIndex

SEARCHABLE_MIN = 50  # a SELECT with more options than this gets a search-as-you-type combo


def _new_combo(parent: QWidget | None) -> QComboBox:
    combo = QComboBox(parent)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(16)
    return combo


class BooleanEditor(PropertyEditor):
    """BOOLEAN: a combo "—" / Yes / No with item data "" / "true" / "false"; value() is None/True/False."""

    def __init__(self, defn: PropertyDefinition, kind: EditorKind, parent: QWidget | None = None) -> None:
        combo = _new_combo(parent)
        super().__init__(defn, kind, combo, parent)
        self._combo = combo
        combo.addItem(NO_VALUE_TEXT, "")
        combo.setItemData(0, tr("Not answered"), Qt.ItemDataRole.ToolTipRole)
        combo.addItem(defn.option_label("true") or tr("Yes"), "true")
        combo.addItem(defn.option_label("false") or tr("No"), "false")
        self._guard_wheel(combo)
        combo.currentIndexChanged.connect(self._user_edit)

    def value(self) -> Value:
        data = self._combo.currentData()
        return True if data == "true" else False if data == "false" else None

    def _show(self, value: Value) -> None:
        if value is True or value == "true":
            self._combo.setCurrentIndex(1)
        elif value is False or value == "false":
            self._combo.setCurrentIndex(2)
        else:
            self._combo.setCurrentIndex(0)

    def _lock(self, read_only: bool) -> None:
        self._combo.setEnabled(not read_only)


class SelectEditor(PropertyEditor):
    """SELECT: a combo with "—" (data None) first, then the options (data = option value). With more
    than SEARCHABLE_MIN options the combo is editable and searchable (see the module docstring)."""

    def __init__(self, defn: PropertyDefinition, kind: EditorKind, parent: QWidget | None = None) -> None:
        combo = _new_combo(parent)
        super().__init__(defn, kind, combo, parent)
        self._combo = combo
        self._items: list[_Choice] = []
        self._rows: dict[str, int] = {}  # combo row of each value offered
        # What is offered when no hidden option or orphan is held (shared by editors of one definition).
        self._plain, self._offered, self._plain_rows = _plain_choices(defn)
        self._search: _ChoiceModel | None = None
        if len(defn.options) > SEARCHABLE_MIN:
            self._search = _make_searchable(combo, defn)
            line = combo.lineEdit()
            assert line is not None
            line.editingFinished.connect(self._on_text_finished)
        self._fill(())
        self._guard_wheel(combo)
        combo.currentIndexChanged.connect(self._user_edit)

    def value(self) -> Value:
        data = self._combo.currentData()
        return data if isinstance(data, str) else None

    def _show(self, value: Value) -> None:
        held = (value,) if isinstance(value, str) else ()
        self._fill(held)
        index = self._rows.get(value, 0) if isinstance(value, str) else 0
        self._combo.setCurrentIndex(index)
        if self._search is not None:
            self._combo.setEditText(self._combo.itemText(index))

    def _lock(self, read_only: bool) -> None:
        self._combo.setEnabled(not read_only)

    def _fill(self, held: tuple[str, ...]) -> None:
        items = self._plain if all(value in self._offered for value in held) else choices(
            self.definition, held)
        if items == self._items and self._combo.count():
            return
        self._items = items
        self._rows = self._plain_rows if items is self._plain else {
            value: row for row, (_, value, _) in enumerate(items, start=1)}
        if self._search is not None:
            self._search.set_items(items)
            return
        combo = self._combo
        combo.clear()
        combo.addItem(NO_VALUE_TEXT, None)
        combo.setItemData(0, tr("No value"), Qt.ItemDataRole.ToolTipRole)
        for label, value, option in items:
            combo.addItem(label, value)
            if option is not None and option.description:
                combo.setItemData(combo.count() - 1, plain_tooltip(option.description),
                                  Qt.ItemDataRole.ToolTipRole)

    def _on_text_finished(self) -> None:
        """Typed text that is no option's label does not stay: the chosen label comes back. Text
        that is exactly one label (any case) picks it; no text at all means no value."""
        combo = self._combo
        text = combo.currentText().strip()
        index = combo.currentIndex()
        if not text:
            index = 0
        elif text.casefold() != combo.itemText(index).casefold():
            folded = text.casefold()
            index = next((i + 1 for i, item in enumerate(self._items) if item[0].casefold() == folded),
                         index)
        if index != combo.currentIndex():
            combo.setCurrentIndex(index)
        combo.setEditText(combo.itemText(combo.currentIndex()))


_PLAIN: dict[int, tuple[weakref.ref[PropertyDefinition], list[_Choice], set[str], dict[str, int]]] = {}


def _plain_choices(defn: PropertyDefinition) -> tuple[list[_Choice], set[str], dict[str, int]]:
    """choices(defn, ()), its values and their combo rows, worked out once per definition (a form
    for the next contact of a portal makes its editors again; a list of 5,000 costs milliseconds).
    Read only."""
    known = _PLAIN.get(id(defn))
    if known is not None and known[0]() is defn:
        return known[1], known[2], known[3]
    plain = choices(defn, ())
    rows = {value: row for row, (_, value, _) in enumerate(plain, start=1)}
    if len(defn.options) > SEARCHABLE_MIN:  # short lists cost nothing: not kept
        for key in [key for key, entry in _PLAIN.items() if entry[0]() is None]:
            del _PLAIN[key]
        _PLAIN[id(defn)] = (weakref.ref(defn), plain, set(rows), rows)
    return plain, set(rows), rows


class _ChoiceModel(QAbstractListModel):
    """"—" then the choices, answered on demand: nothing is created per option."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._items: list[_Choice] = []

    def set_items(self, items: list[_Choice]) -> None:
        self.beginResetModel()
        self._items = items
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items) + 1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row <= len(self._items):
            return None
        if row == 0:
            label, value, option = NO_VALUE_TEXT, None, None
        else:
            label, value, option = self._items[row - 1]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return label
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            if row == 0:
                return tr("No value")
            return plain_tooltip(option.description) if option is not None and option.description else None
        return None


def _make_searchable(combo: QComboBox, defn: PropertyDefinition) -> _ChoiceModel:
    model = _ChoiceModel(combo)
    combo.setModel(model)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    view = combo.view()
    if isinstance(view, QListView):
        view.setUniformItemSizes(True)  # the list never measures every option
    completer = QCompleter(combo)  # its model comes with the focus (see _CompleterOnFocus)
    completer.setCompletionRole(Qt.ItemDataRole.EditRole)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(12)
    combo.setCompleter(completer)
    combo.installEventFilter(_CompleterOnFocus(model, completer, combo))
    line = combo.lineEdit()
    assert line is not None
    line.setObjectName(object_name(defn, "search"))
    line.setPlaceholderText(tr("Type to search"))
    line.setToolTip(tr("Type part of an option's name to find it."))
    return model


class _CompleterOnFocus(QObject):
    """Gives the completer its model only while the combo has the focus: a combo showing a value
    then costs nothing (with a model, every change of value makes the completer search the whole
    list for the new text)."""

    def __init__(self, model: _ChoiceModel, completer: QCompleter, parent: QComboBox) -> None:
        super().__init__(parent)
        self._model = model
        self._completer = completer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and self._completer.model() is None:
            self._completer.setModel(self._model)
        elif event.type() == QEvent.Type.FocusOut and isinstance(watched, QWidget) \
                and not watched.hasFocus() and not _popup_open(self._completer):
            self._completer.setModel(None)  # type: ignore[arg-type]
        return False


def _popup_open(completer: QCompleter) -> bool:
    popup = completer.popup()
    return popup is not None and popup.isVisible()
