"""PropertyForm: every property of one contact as a labelled editor, grouped, in one scroll area.

Layout: one QGroupBox per property group ("group:<group name>") in the groups' display order, then
groups the definitions name but the group list lacks (titled with their raw name, sorted by name).
Within a group: editable fields, then locked ones, then those with `hidden: True`; each in display order
then label.
Each row: a label "label:<name>" (tooltip: description and internal name), a change bar
"mark:<name>", the editor "property:<name>", a "read-only" marker "lock:<name>" for locked fields,
and an error line "error:<name>" under the editor (hidden until show_errors, and again as soon as the
user changes that field). Every label showing HubSpot text is plain text (a label "<b>x</b>" shows
those characters), and '&' in labels and group titles is shown, never taken as a shortcut key.

The form writes each user change to the EditModel and marks changed fields (bold label with a bullet,
a colored bar, tooltip "Changed, not saved yet"); the mark goes when the value is back to the loaded
one. Styling is one style sheet on the form, switched by dynamic properties.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from html import escape

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from contact_editor.editing.codecs import EditorKind, editor_kind
from contact_editor.editing.edit_model import EditModel
from contact_editor.hubspot.models import PropertyDefinition, PropertyGroup
from contact_editor.ui.editors import PropertyEditor, make_editor, value_fits
from contact_editor.ui.editors_base import literal_mnemonic, set_flag

_STYLE = """
QLabel[changed="true"] { font-weight: bold; }
QFrame[role="mark"] { background: transparent; border: none; }
QFrame[role="mark"][changed="true"] { background: #e08a00; }
QLabel[role="error"] { color: #c62828; }
QLabel[role="lock"] { color: palette(mid); font-style: italic; }
QLineEdit[invalid="true"] { border: 1px solid #c62828; }
QLineEdit[locked="true"], QPlainTextEdit[locked="true"] { background: palette(window); }
"""
_CHANGED_BULLET = "\N{BULLET} "


def tr(text: str) -> str:
    return QCoreApplication.translate("PropertyForm", text)


def arrange(
    definitions: Sequence[PropertyDefinition], groups: Sequence[PropertyGroup]
) -> list[tuple[str, str, list[PropertyDefinition]]]:
    """(group name, title, definitions) in display order; empty groups are left out."""
    by_group: dict[str, list[PropertyDefinition]] = {}
    for defn in definitions:
        by_group.setdefault(defn.group_name, []).append(defn)
    known = sorted((g for g in groups if g.name in by_group), key=lambda g: (*g.sort_key, g.name))
    titled = [(g.name, g.label) for g in known]
    known_names = {g.name for g in known}
    unknown = sorted((n for n in by_group if n not in known_names), key=lambda n: (n.casefold(), n))
    titled += [(name, name or tr("Other")) for name in unknown]
    return [(name, title, sorted(by_group[name], key=_row_key)) for name, title in titled]


def _row_key(defn: PropertyDefinition) -> tuple[bool, bool, int, int, str, str]:
    """Fields a person can edit first, then locked ones, then those hidden in HubSpot; each part in
    HubSpot's display order. (HubSpot's record page mixes locked fields in; staff editing a contact
    should not have to hunt between them.)"""
    locked = defn.read_only_value or editor_kind(defn) is EditorKind.READ_ONLY
    return (defn.hidden, locked, *defn.sort_key, defn.name)


def label_tooltip(defn: PropertyDefinition, *, read_only: bool, changed: bool) -> str:
    parts = []
    if changed:
        parts.append(f"<p><b>{escape(tr('Changed, not saved yet'))}</b></p>")
    if defn.description:
        parts.append(f"<p>{escape(defn.description)}</p>")
    parts.append(f"<p>{escape(tr('Internal name:'))} <code>{escape(defn.name)}</code></p>")
    if read_only:
        parts.append(f"<p><i>{escape(tr('Read-only: this value cannot be changed here.'))}</i></p>")
    if defn.hidden:
        parts.append(f"<p><i>{escape(tr('Hidden in HubSpot.'))}</i></p>")
    return "".join(parts)


@dataclass
class _Row:
    definition: PropertyDefinition
    label: QLabel
    mark: QFrame
    lock: QLabel
    error: QLabel
    line: QHBoxLayout
    field: QWidget
    editor: PropertyEditor


class PropertyForm(QWidget):
    """The contact's properties as a form bound to an EditModel."""

    dirty_changed = Signal()  # after each user edit reaching the model, and after refresh_from_model

    def __init__(
        self,
        definitions: Sequence[PropertyDefinition],
        groups: Sequence[PropertyGroup],
        model: EditModel,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("property-form")
        self.setStyleSheet(_STYLE)
        self._model = model
        self._rows: dict[str, _Row] = {}
        self._scroll = QScrollArea(self)
        self._scroll.setObjectName("property-form-scroll")
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        content.setObjectName("property-form-content")
        column = QVBoxLayout(content)
        usable = [d for d in definitions if d.name in model.definitions]
        for group_name, title, defs in arrange(usable, groups):
            column.addWidget(self._group_box(group_name, title, defs))
        column.addStretch(1)
        self._align_labels()
        self._scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self._scroll)

    # -- public API ------------------------------------------------------------------------------
    def editor(self, name: str) -> PropertyEditor:
        """The editor of property `name` (KeyError if the form has none)."""
        return self._rows[name].editor

    def names(self) -> list[str]:
        """The property names in display order."""
        return list(self._rows)

    def invalid_names(self) -> list[str]:
        """Fields whose text is not a value (e.g. a number typed with a thousands separator); their
        model value is the last valid one, so saving should wait until they are fixed."""
        return [name for name, row in self._rows.items() if not row.editor.is_valid()]

    def refresh_from_model(self) -> None:
        """Show the model's current values (e.g. after a save) and update locks and change marks."""
        for row in self._rows.values():
            self._load_row(row)
        self.dirty_changed.emit()

    def show_errors(self, errors: Mapping[str, str]) -> list[str]:
        """Show plain `errors` under their fields (replacing earlier ones) and scroll to the first
        in display order. Returns the names that have no field here, for the caller to show."""
        self.clear_errors()
        first: _Row | None = None
        for name, row in self._rows.items():
            if name in errors:
                row.error.setText(errors[name])
                row.error.setVisible(True)
                first = first or row
        if first is not None:
            self._scroll_to(first)
        return [name for name in errors if name not in self._rows]

    def clear_errors(self) -> None:
        for row in self._rows.values():
            if row.error.isVisibleTo(self) or row.error.text():
                row.error.clear()
                row.error.setVisible(False)

    # -- building --------------------------------------------------------------------------------
    def _group_box(self, group_name: str, title: str, defs: list[PropertyDefinition]) -> QGroupBox:
        box = QGroupBox(literal_mnemonic(title))
        box.setObjectName(f"group:{group_name}")
        layout = QFormLayout(box)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        for defn in defs:
            label, field = self._add_row(defn)
            layout.addRow(label, field)
        return box

    def _align_labels(self) -> None:
        """One label column width for all groups, wide enough for a bold, bulleted label."""
        if not self._rows:
            return
        font = QFont(next(iter(self._rows.values())).label.font())
        font.setBold(True)
        metrics = QFontMetrics(font)
        width = max(metrics.horizontalAdvance(_CHANGED_BULLET + row.definition.label)
                    for row in self._rows.values())
        for row in self._rows.values():
            row.label.setMinimumWidth(min(width + 4, 360))

    def _add_row(self, defn: PropertyDefinition) -> tuple[QLabel, QWidget]:
        name = defn.name
        field = QWidget()
        field.setObjectName(f"field:{name}")
        label = QLabel()
        label.setObjectName(f"label:{name}")
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setText(literal_mnemonic(defn.label))  # the label has a buddy: '&' would be a shortcut
        mark = QFrame(field)
        mark.setObjectName(f"mark:{name}")
        mark.setProperty("role", "mark")
        mark.setFixedWidth(3)
        lock = QLabel(tr("read-only"), field)
        lock.setObjectName(f"lock:{name}")
        lock.setProperty("role", "lock")
        lock.setTextFormat(Qt.TextFormat.PlainText)
        error = QLabel(field)
        error.setObjectName(f"error:{name}")
        error.setProperty("role", "error")
        error.setTextFormat(Qt.TextFormat.PlainText)
        error.setWordWrap(True)
        error.setVisible(False)
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(mark)
        line.addWidget(lock)
        stack = QVBoxLayout(field)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(2)
        stack.addLayout(line)
        stack.addWidget(error)
        editor = self._new_editor(defn, self._model.kind(name), field)
        line.insertWidget(1, editor.widget, 1)
        row = _Row(defn, label, mark, lock, error, line, field, editor)
        self._rows[name] = row
        self._load_row(row)
        return label, field

    def _new_editor(self, defn: PropertyDefinition, kind: EditorKind, field: QWidget) -> PropertyEditor:
        editor = make_editor(defn, kind, field)
        editor.changed.connect(partial(self._on_edited, defn.name))
        return editor

    def _replace_editor(self, row: _Row, kind: EditorKind) -> None:
        old = row.editor
        old.changed.disconnect()
        row.editor = self._new_editor(row.definition, kind, row.field)
        row.line.replaceWidget(old.widget, row.editor.widget)
        for widget in (old.widget, *old.widget.findChildren(QWidget)):
            widget.setObjectName("")  # automation must find only the new editor's widgets
        old.widget.hide()
        old.widget.deleteLater()
        old.deleteLater()

    # -- state -----------------------------------------------------------------------------------
    def _load_row(self, row: _Row) -> None:
        name = row.definition.name
        kind, value = self._model.kind(name), self._model.value(name)
        if not value_fits(kind, value):
            kind = EditorKind.READ_ONLY
        if row.editor.kind is not kind:
            self._replace_editor(row, kind)
        row.editor.set_value(value)
        row.editor.set_read_only(not self._model.is_editable(name) or row.editor.always_read_only)
        row.lock.setVisible(row.editor.is_read_only())
        row.label.setBuddy(row.editor.widget)
        self._update_mark(row)

    def _update_mark(self, row: _Row) -> None:
        defn = row.definition
        changed = self._model.is_dirty(defn.name)
        set_flag(row.label, "changed", changed)
        set_flag(row.mark, "changed", changed)
        row.label.setText(literal_mnemonic(_CHANGED_BULLET + defn.label if changed else defn.label))
        read_only = row.editor.is_read_only()
        row.label.setToolTip(label_tooltip(defn, read_only=read_only, changed=changed))
        row.mark.setToolTip(tr("Changed, not saved yet") if changed else "")
        row.lock.setToolTip(tr("Read-only: this value cannot be changed here.") if read_only else "")

    def _on_edited(self, name: str) -> None:
        row = self._rows[name]
        if row.error.isVisibleTo(self) or row.error.text():  # the person is fixing it: the error goes
            row.error.clear()
            row.error.setVisible(False)
        try:
            self._model.set_value(name, row.editor.value())
        except ValueError:  # not editable after all: show the model's value again
            row.editor.set_value(self._model.value(name))
        self._update_mark(row)
        self.dirty_changed.emit()

    def _scroll_to(self, row: _Row) -> None:
        def scroll() -> None:
            self._scroll.ensureWidgetVisible(row.label, 0, 0)
            self._scroll.ensureWidgetVisible(row.field, 0, 0)

        scroll()  # now, and again once the shown error lines have been laid out
        QTimer.singleShot(0, self, scroll)
