"""`RowBinding`, a base of PropertyForm: what a built row shows from the EditModel, and what a
person's edit does to it.

A row shows the model's value in the editor for its kind (a read-only editor when the value does not
fit the kind); the editor is read-only, with the "lock:<name>" marker shown, when the model says the
field cannot be changed or the editor never edits; and a change mark (bold label with a bullet, the
"mark:<name>" bar, tooltip "Changed, not saved yet") while the model has the field as changed. An
edit goes to the model at once (one the model refuses shows the model's value again); it clears the
field's error line, and text that is no value puts the field in `_invalid` (the model keeps its
last valid value; `typed_texts` gives that text for a draft, `put_typed` shows it again). `_states`
holds what each built row shows, so that `refresh_from_model` touches only the rows that changed.

PropertyForm (contact_editor.ui.form) sets up the state declared here and its `dirty_changed`.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QWidget

from contact_editor.editing.codecs import EditorKind, Value
from contact_editor.editing.edit_model import EditModel
from contact_editor.hubspot.models import PropertyDefinition
from contact_editor.ui.editors import PropertyEditor, make_editor, value_fits
from contact_editor.ui.editors_base import literal_mnemonic, set_flag
from contact_editor.ui.form_filter import FieldIndex
from contact_editor.ui.form_layout import label_tooltip
from contact_editor.ui.form_rows import CHANGED_BULLET, Row, place_editor, tr

State = tuple[EditorKind, Value, bool, bool]  # what a built row shows: kind, value, changed, editable


class RowBinding:
    """Built rows bound to the EditModel (see the module); a mixin for PropertyForm."""

    # Set up by PropertyForm.
    dirty_changed: SignalInstance
    _model: EditModel
    _rows: dict[str, Row]
    _states: dict[str, State]  # what each built row shows, from the model
    _errors: set[str]
    _invalid: set[str]
    _index: FieldIndex

    def _row(self, name: str) -> Row:  # PropertyForm's: the row, built now if need be
        raise NotImplementedError

    def typed_texts(self) -> dict[str, str]:
        """The text of each field showing text that is no value, exactly as typed (its model value
        is the last valid one, which must never stand in for that text)."""
        texts = {name: self._rows[name].ed.typed_text() for name in self._invalid if name in self._rows}
        return {name: text for name, text in texts.items() if text is not None}

    def put_typed(self, name: str, text: str) -> bool:
        """Show `text` in the field of `name` as if typed (marked invalid when it is no value, as
        typing it would); False when there is no such field, it cannot be changed, or its editor
        holds no typed text."""
        try:
            editor = self._row(name).ed
        except KeyError:
            return False
        return self._model.is_editable(name) and not editor.is_read_only() and editor.put_typed(text)

    def _new_editor(self, defn: PropertyDefinition, kind: EditorKind, field: QWidget) -> PropertyEditor:
        editor = make_editor(defn, kind, field)
        editor.changed.connect(partial(self._on_edited, defn.name))
        return editor

    def _kind(self, name: str) -> EditorKind:
        kind = self._model.kind(name)
        return kind if value_fits(kind, self._model.value(name)) else EditorKind.READ_ONLY

    def _state(self, name: str) -> State:
        model = self._model
        return (self._kind(name), model.value(name), model.is_dirty(name), model.is_editable(name))

    def _load_row(self, row: Row) -> None:
        name = row.definition.name
        kind, value = self._kind(name), self._model.value(name)
        if row.ed.kind is not kind:
            place_editor(row, self._new_editor(row.definition, kind, row.field))
        editor = row.ed
        editor.set_value(value)
        editor.set_read_only(not self._model.is_editable(name) or editor.always_read_only)
        row.lock.setVisible(editor.is_read_only())
        row.label.setBuddy(editor.widget)
        self._update_mark(row)
        self._states[name] = self._state(name)
        self._invalid.discard(name)

    def _update_mark(self, row: Row) -> None:
        defn = row.definition
        changed = self._model.is_dirty(defn.name)
        set_flag(row.label, "changed", changed)
        set_flag(row.mark, "changed", changed)
        row.label.setText(literal_mnemonic(CHANGED_BULLET + defn.label if changed else defn.label))
        read_only = row.ed.is_read_only()
        row.label.setToolTip(label_tooltip(defn, read_only=read_only, changed=changed))
        row.mark.setToolTip(tr("Changed, not saved yet") if changed else "")
        row.lock.setToolTip(tr("Read-only: this value cannot be changed here.") if read_only else "")

    def _on_edited(self, name: str) -> None:
        row = self._rows[name]
        if name in self._errors:  # the person is fixing it: the error goes
            row.error.clear()
            row.error.setVisible(False)
            self._errors.discard(name)
        editor = row.ed
        try:
            self._model.set_value(name, editor.value())
        except ValueError:  # not editable after all: show the model's value again
            editor.set_value(self._model.value(name))
        if editor.is_valid():
            self._invalid.discard(name)
        else:
            self._invalid.add(name)
        self._update_mark(row)
        self._states[name] = self._state(name)
        self._index.forget((name,))
        self.dirty_changed.emit()
