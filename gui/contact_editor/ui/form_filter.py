"""Find a field: the filter bar at the top of the form, and matching fields from the model.

The bar: a search box "filterEdit" (Ctrl+F, set up by the form, focuses it; Escape clears it), the
toggles "Hide empty" ("hideEmptyToggle") and "Changed only" ("changedOnlyToggle"), and a count
"filterCount" ("12 of 5,000 fields"). Typing waits `DEBOUNCE_MS` for a pause before `changed`;
the toggles and Escape apply at once.

Matching works on the definitions and the EditModel, never on widgets, so fields whose rows are not
built yet are found too. A field matches when every word typed is part of its label, its internal
name or its current value as shown (option labels, Yes/No, dates); case and accents are ignored
("jose" finds "José").
"""

from __future__ import annotations

import datetime
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from contact_editor.editing.codecs import Value
from contact_editor.editing.edit_model import EditModel
from contact_editor.hubspot.models import PropertyDefinition

DEBOUNCE_MS = 150


def tr(text: str) -> str:
    return QCoreApplication.translate("PropertyForm", text)


# Letters that are not a base letter plus an accent in Unicode, read as the base letter(s).
_UNACCENTED = str.maketrans({"ø": "o", "đ": "d", "ð": "d", "ł": "l", "ħ": "h", "æ": "ae", "œ": "oe",
                             "þ": "th", "\N{LATIN SMALL LETTER DOTLESS I}": "i"})


def fold(text: str) -> str:
    """`text` for matching: case folded, accents dropped ("Émile" -> "emile", "Ørsted" -> "orsted")."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded).translate(_UNACCENTED)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> tuple[str, ...]:
    return tuple(fold(text).split())


def is_empty(value: Value) -> bool:
    return value is None or value == "" or value == ()


def value_text(defn: PropertyDefinition, value: Value) -> str:
    """What a value looks like on screen, for matching: option labels (and values), Yes/No,
    dates as "2024-05-01" and "1 May 2024", numbers as plain digits."""
    if value is None:
        return ""
    if isinstance(value, bool):
        wire = "true" if value else "false"
        return defn.option_label(wire) or (tr("Yes") if value else tr("No"))
    if isinstance(value, str | tuple):
        members = (value,) if isinstance(value, str) else value
        parts = []
        for member in members:
            parts.append(member)
            label = defn.option_label(member) if defn.options else None
            if label is not None and label != member:
                parts.append(label)
        return "\n".join(parts)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.datetime):
        value = value.astimezone()
        return f"{_date_text(value.date())} {value:%H:%M}"
    if isinstance(value, datetime.date):
        return _date_text(value)
    return str(value)


def _date_text(day: datetime.date) -> str:
    month = QLocale.c().monthName(day.month, QLocale.FormatType.ShortFormat)
    local = QLocale().monthName(day.month, QLocale.FormatType.ShortFormat)
    return f"{day.isoformat()} {day.day} {month} {day.year} {local}"


class FieldIndex:
    """Which fields a filter keeps, from the definitions and the model's current values.

    Every field's folded label, name and value are joined into one text (fields separated by a
    character nobody types), which `str.find` searches at C speed: a keystroke costs about the
    same for 5,000 fields as for 50. Values are folded when first needed and again after `forget`."""

    def __init__(self, definitions: Sequence[PropertyDefinition], model: EditModel) -> None:
        self._definitions = list(definitions)
        self._model = model
        self._labels: list[str] | None = None
        self._values: dict[str, str] = {}
        self._text: str | None = None
        self._starts: list[int] = []

    def forget(self, names: Iterable[str] | None = None) -> None:
        """The values of `names` (all when None) changed: fold them again when next needed."""
        if names is None:
            self._values.clear()
        else:
            for name in names:
                self._values.pop(name, None)
        self._text = None

    def matches(self, needle: Sequence[str], hide_empty: bool, changed_only: bool) -> list[bool]:
        """One flag per definition, in the order given: whether the field is kept."""
        count = len(self._definitions)
        if changed_only:
            position = {defn.name: i for i, defn in enumerate(self._definitions)}
            kept = {position[name] for name in self._model.dirty_names() if name in position}
        else:
            kept = set(range(count))
        if needle:
            text, starts = self._haystack()
            rare, *others = sorted(set(needle), key=text.count)  # the rarest word narrows most
            kept &= self._find(rare)
            kept = {i for i in kept if all(word in text[starts[i]:starts[i + 1]] for word in others)}
        if hide_empty:
            self._fold_values()
            values, definitions = self._values, self._definitions
            kept = {i for i in kept if values[definitions[i].name]}
        flags = [False] * count
        for i in kept:
            flags[i] = True
        return flags

    def prepare(self) -> None:
        """Fold every label, name and value now (a few milliseconds for thousands of fields), so
        that the first keystroke does not."""
        self._haystack()

    def _find(self, word: str) -> set[int]:
        """The fields whose text contains `word`."""
        text, starts = self._haystack()
        found: set[int] = set()
        end = len(starts) - 1
        at = text.find(word)
        while at != -1:
            field = bisect_right(starts, at) - 1
            found.add(field)
            if field + 1 >= end:
                break
            at = text.find(word, starts[field + 1])
        return found

    def _haystack(self) -> tuple[str, list[int]]:
        if self._text is None:
            if self._labels is None:
                self._labels = [fold(f"{d.label}\n{d.name}") for d in self._definitions]
            self._fold_values()
            values = self._values
            parts = [f"{label}\n{values[defn.name]}{_SEPARATOR}"
                     for label, defn in zip(self._labels, self._definitions, strict=True)]
            starts, at = [], 0
            for part in parts:
                starts.append(at)
                at += len(part)
            starts.append(at)
            self._text, self._starts = "".join(parts), starts
        return self._text, self._starts

    def _fold_values(self) -> None:
        model, values = self._model, self._values
        for defn in self._definitions:
            if defn.name not in values:
                value = model.value(defn.name)
                values[defn.name] = "" if is_empty(value) else fold(value_text(defn, value))


_SEPARATOR = "\x00"  # never typed, so no word found spans two fields


class FilterBar(QWidget):
    """The search box and the two toggles. `changed` is emitted when what to show changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self.edit = QLineEdit(self)
        self.edit.setObjectName("filterEdit")
        self.edit.setPlaceholderText(tr("Find a field (Ctrl+F): label, internal name or value"))
        self.edit.setToolTip(tr("Shows only the fields whose label, internal name or value contains "
                                "what you type. Escape clears it."))
        self.edit.setAccessibleName(tr("Find a field"))
        self.edit.setClearButtonEnabled(True)
        self.hide_empty = QCheckBox(tr("Hide empty"), self)
        self.hide_empty.setObjectName("hideEmptyToggle")
        self.hide_empty.setToolTip(tr("Show only fields that have a value"))
        self.changed_only = QCheckBox(tr("Changed only"), self)
        self.changed_only.setObjectName("changedOnlyToggle")
        self.changed_only.setToolTip(tr("Show only fields you changed and did not save yet"))
        self.count = QLabel(self)
        self.count.setObjectName("filterCount")
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.hide_empty)
        layout.addWidget(self.changed_only)
        layout.addWidget(self.count)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(DEBOUNCE_MS)
        self._pause.timeout.connect(self.changed)
        self.edit.textChanged.connect(self._pause.start)
        self.hide_empty.toggled.connect(self._now)
        self.changed_only.toggled.connect(self._now)
        self.edit.installEventFilter(self)

    def words(self) -> tuple[str, ...]:
        return words(self.edit.text())

    def is_active(self) -> bool:
        return bool(self.words()) or self.hide_empty.isChecked() or self.changed_only.isChecked()

    def pending(self) -> bool:
        """True while typed text waits for the pause before it applies."""
        return self._pause.isActive()

    def flush(self) -> None:
        """Apply typed text now instead of after the pause."""
        if self._pause.isActive():
            self._now()

    def focus(self) -> None:
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()

    def set_count(self, shown: int, total: int) -> None:
        locale = QLocale()
        if shown == total:
            text = tr("{0} fields").format(locale.toString(total)) if total != 1 else tr("1 field")
        else:
            text = tr("{0} of {1}").format(locale.toString(shown), locale.toString(total))
        self.count.setText(text)

    def no_match_text(self) -> str:
        text = self.edit.text().strip()
        if text:
            return tr("No field matches \N{LEFT DOUBLE QUOTATION MARK}{0}"
                      "\N{RIGHT DOUBLE QUOTATION MARK}.").format(text)
        if self.changed_only.isChecked():
            return tr("No field has been changed.")
        return tr("Every field is empty.")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Escape:
            if event.type() == QEvent.Type.ShortcutOverride and self.edit.text():
                event.accept()  # Escape is ours while there is text to clear
                return True
            if event.type() == QEvent.Type.KeyPress and self.edit.text():
                self.edit.clear()
                self._now()
                return True
        return super().eventFilter(watched, event)

    def _now(self) -> None:
        self._pause.stop()
        self.changed.emit()
