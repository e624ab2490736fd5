"""Someone else changed the contact since it was loaded: what to refresh, and what to ask about.

Before a save the app reads the contact again. For each property whose value on the server is no
longer the one loaded:
- the person did not change it: the new value is simply taken (`refreshed`);
- the person changed it too, to something else: a `Conflict` with the three values (when loaded,
  theirs now, yours), for the person to choose;
- the person changed it to the very value the server now holds: nothing to do.
Values are compared as values, so "17" and "17.0", or a date as "2019-10-31" and as midnight
milliseconds, are the same and never cause a question.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from contact_editor.editing.codecs import Value
from contact_editor.editing.edit_model import EditModel
from contact_editor.hubspot.models import PropertyDefinition


@dataclass(frozen=True)
class Conflict:
    definition: PropertyDefinition
    loaded: Value  # when the person loaded the contact
    theirs: Value  # on the server now
    yours: Value  # the person's unsaved edit
    theirs_wire: str | None


@dataclass(frozen=True)
class RemoteChanges:
    conflicts: tuple[Conflict, ...] = ()
    refreshed: Mapping[str, str | None] = field(default_factory=dict)


def compare_with_server(model: EditModel, fresh: Mapping[str, str | None]) -> RemoteChanges:
    """Sort the server's current values (`fresh`, wire strings) against the model's snapshot."""
    conflicts: list[Conflict] = []
    refreshed: dict[str, str | None] = {}
    for name, wire in fresh.items():
        if name not in model.definitions:
            continue
        theirs = model.decode_wire(name, wire)
        if model.same(name, theirs, model.loaded(name)):
            continue
        if model.is_dirty(name) and not model.same(name, theirs, model.value(name)):
            defn = model.definitions[name]
            conflicts.append(Conflict(defn, model.loaded(name), theirs, model.value(name), wire))
        else:
            refreshed[name] = wire
    return RemoteChanges(conflicts=tuple(conflicts), refreshed=refreshed)


def resolve(model: EditModel, conflict: Conflict, keep_mine: bool) -> None:
    """Apply the person's choice: either way the snapshot becomes theirs; "theirs" also drops the edit."""
    name = conflict.definition.name
    model.accept_saved({name: conflict.theirs_wire})
    if not keep_mine:
        model.revert(name)
