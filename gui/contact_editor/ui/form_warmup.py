"""`warm_up`: a small hidden form built and dropped at an idle moment, so that the first real form
does not pay Qt's and PySide's first-use costs. (Re-exported by contact_editor.ui.form.)"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import shiboken6
from PySide6.QtCore import QTimer

from contact_editor.editing.codecs import editor_kind
from contact_editor.editing.edit_model import EditModel
from contact_editor.hubspot.models import PropertyDefinition, PropertyGroup, PropertyOption
from contact_editor.ui.editors import make_editor
from contact_editor.ui.editors_choice import SEARCHABLE_MIN
from contact_editor.ui.form_layout import keeping_layout
from contact_editor.ui.form_rows import new_row, place_editor


def warm_up() -> None:
    """Build and drop, a little at a time from zero timers (each step a few milliseconds), a small
    hidden form with a field of every kind, so that the first real form does not pay Qt's and
    PySide's first-use costs (about 50 ms). For an idle moment, e.g. while the person types an ID."""
    from contact_editor.ui.form import PropertyForm  # form imports this module: not before it is loaded

    kinds = [("string", "text"), ("string", "textarea"), ("number", "number"), ("bool", "booleancheckbox"),
             ("date", "date"), ("datetime", "date"), ("enumeration", "select"), ("enumeration", "radio"),
             ("enumeration", "checkbox")]
    options = tuple(PropertyOption(f"Option {i}", f"o{i}", i) for i in range(3))
    definitions = [PropertyDefinition(name=f"warm{i}", label=f"Warm {i}", type=type_, field_type=field_type,
                                      group_name="warm", options=options if type_ == "enumeration" else ())
                   for i, (type_, field_type) in enumerate(kinds)]
    many = tuple(PropertyOption(f"Option {i}", f"o{i}", i) for i in range(SEARCHABLE_MIN + 1))
    definitions.append(PropertyDefinition(name="warm_search", label="Warm", type="enumeration",
                                          field_type="select", group_name="warm", options=many))
    holder: list[PropertyForm] = []

    def make() -> None:
        with keeping_layout():  # the warm-up form's layout does not replace the real portal's
            holder.append(PropertyForm(definitions[:1], [PropertyGroup("warm", "Warm", 0)],
                                       EditModel(definitions, {})))

    def add(definition: PropertyDefinition) -> None:
        if holder and shiboken6.isValid(holder[0]):
            row = new_row(definition, holder[0], holder[0]._look)
            place_editor(row, make_editor(definition, editor_kind(definition), row.field))
            row.ed.set_value(None)
            shiboken6.delete(row.field)
            shiboken6.delete(row.label)

    def finish() -> None:
        if holder and shiboken6.isValid(holder[0]):
            holder[0]._index.prepare()
            shiboken6.delete(holder[0])

    steps: list[Callable[[], None]] = [make, *(partial(add, definition) for definition in definitions),
                                       finish]
    for delay, step in enumerate(steps):
        QTimer.singleShot(delay, step)
