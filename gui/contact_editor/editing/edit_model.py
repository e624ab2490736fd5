"""The edit model of one contact: loaded snapshot, edits, dirty tracking and the PATCH body (no Qt).

Rules (hubspot-api.md §2 and §6; field reports F05, F06, F09, F22):
- The snapshot is the decoded loaded values. A property whose loaded wire value cannot be decoded
  keeps its raw text, is shown as READ_ONLY and is not editable.
- A property is dirty iff its current value differs from the snapshot *as a value*: the values
  are compared by their canonical wire form ("17.0" and Decimal("17") are equal, a multi-select
  is a set, a datetime counts to the millisecond, None and "" are the same empty text).
- `patch_body()` holds exactly the dirty editable properties, encoded. Read-only properties are
  never sent; clearing a field sends "" (never null).

Problem codes returned by `problems()` (only dirty properties are checked, so an unchanged
orphan or odd loaded value is never a problem):
- "not_a_number": a NUMBER value that is not a finite Decimal of sane size.
- "not_an_option": a SELECT/RADIO value, or a MULTI_SELECT member, not among the definition's
  option values (hidden options count as options). Skipped when the definition has
  `external_options` or no options at all (F07).
- "invalid_value": any other value the codec cannot write for the kind (wrong Python type,
  naive datetime, a multi-select member containing ";", ...).
`Problem.detail` is the offending value as text (for not_an_option, the unknown values joined
with ";"), for logs or to quote in a message; the UI turns the code into words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from contact_editor.editing.codecs import (
    CodecError,
    EditorKind,
    Value,
    decode,
    editor_kind,
    empty_value,
    encode,
)
from contact_editor.hubspot.models import PropertyDefinition

__all__ = ["INVALID_VALUE", "NOT_AN_OPTION", "NOT_A_NUMBER", "EditModel", "Problem"]

NOT_A_NUMBER = "not_a_number"
NOT_AN_OPTION = "not_an_option"
INVALID_VALUE = "invalid_value"

_CHOICE_KINDS = frozenset({EditorKind.SELECT, EditorKind.RADIO, EditorKind.MULTI_SELECT})


@dataclass(frozen=True)
class Problem:
    """Why a dirty value should not be sent: a stable `code` and the offending value as text."""

    code: str
    detail: str


@dataclass(frozen=True)
class _Loaded:
    value: Value
    decodable: bool


class EditModel:
    """Loaded values plus the user's edits for one contact."""

    def __init__(self, definitions: Sequence[PropertyDefinition], values: Mapping[str, str | None]) -> None:
        defs = {defn.name: defn for defn in definitions}
        self.definitions: Mapping[str, PropertyDefinition] = MappingProxyType(defs)
        self._kinds: dict[str, EditorKind] = {name: editor_kind(defn) for name, defn in defs.items()}
        self._loaded: dict[str, _Loaded] = {}
        self._edits: dict[str, Value] = {}
        for name in defs:
            self._load(name, values.get(name))

    # -- queries ------------------------------------------------------------------------------

    def kind(self, name: str) -> EditorKind:
        """The editor kind; READ_ONLY when the loaded value could not be decoded (its raw text is
        the value then). A definition with readOnlyValue keeps its kind (the UI shows it locked)."""
        if not self._loaded_entry(name).decodable:
            return EditorKind.READ_ONLY
        return self._kinds[name]

    def is_editable(self, name: str) -> bool:
        """Not readOnlyValue, not a READ_ONLY kind, and the loaded value was decodable."""
        return not self.definitions[name].read_only_value and self.kind(name) is not EditorKind.READ_ONLY

    def loaded(self, name: str) -> Value:
        """The decoded snapshot value (raw text when it could not be decoded)."""
        return self._loaded_entry(name).value

    def value(self, name: str) -> Value:
        """The current value: the edit if there is one, else the snapshot."""
        if name in self._edits:
            return self._edits[name]
        return self.loaded(name)

    def is_dirty(self, name: str) -> bool:
        self._loaded_entry(name)  # KeyError for an unknown name
        return name in self._edits

    def dirty_names(self) -> list[str]:
        """Dirty property names, in the order the definitions were given."""
        return [name for name in self.definitions if name in self._edits]

    def edits(self) -> dict[str, Value]:
        """The dirty properties' current values."""
        return {name: self._edits[name] for name in self.dirty_names()}

    def same(self, name: str, a: Value, b: Value) -> bool:
        """Whether two values of property `name` are equal as values (their canonical wire form)."""
        return self._same(name, a, b)

    def decode_wire(self, name: str, wire: str | None) -> Value:
        """A wire value of property `name` as a value (raw text when it cannot be decoded)."""
        try:
            return decode(self.definitions[name], wire)
        except CodecError:
            return "" if wire is None else wire

    # -- changes ------------------------------------------------------------------------------

    def set_value(self, name: str, value: Value) -> None:
        """Record an edit. Raises KeyError for an unknown name and ValueError for a property that
        is not editable. A value equal to the snapshot is not an edit (the property is clean)."""
        if not self.is_editable(name):
            raise ValueError(f"property {name!r} is not editable")
        value = _normalise(self._kinds[name], value)
        if self._same(name, value, self.loaded(name)):
            self._edits.pop(name, None)
        else:
            self._edits[name] = value

    def revert(self, name: str) -> None:
        """Drop the edit of one property (back to the snapshot)."""
        self._loaded_entry(name)
        self._edits.pop(name, None)

    def accept_saved(self, values: Mapping[str, str | None]) -> None:
        """After a successful save: the snapshot takes the server's values for the given names.
        Edits now equal to their snapshot stop being dirty; other edits are kept. Names without a
        definition are ignored."""
        for name, wire in values.items():
            if name not in self.definitions:
                continue
            self._load(name, wire)
            if name not in self._edits:
                continue
            if not self.is_editable(name) or self._same(name, self._edits[name], self.loaded(name)):
                del self._edits[name]

    # -- sending ------------------------------------------------------------------------------

    def problems(self) -> dict[str, Problem]:
        """Checks on the dirty values before sending: {name: Problem}. Empty when all is well."""
        found: dict[str, Problem] = {}
        for name in self.dirty_names():
            problem = self._problem(name, self._edits[name])
            if problem is not None:
                found[name] = problem
        return found

    def patch_body(self) -> dict[str, str]:
        """Exactly the dirty editable properties, encoded (never None; "" clears a value).

        Read-only properties are filtered out again here, defensively. Raises ValueError naming
        the properties whose value cannot be encoded (check `problems()` first)."""
        body: dict[str, str] = {}
        failed: list[str] = []
        for name in self.dirty_names():
            defn = self.definitions[name]
            if defn.read_only_value or not self.is_editable(name):
                continue
            try:
                body[name] = encode(defn, self._edits[name])
            except CodecError:
                failed.append(name)
        if failed:
            raise ValueError(f"cannot encode the values of: {', '.join(failed)}")
        return body

    # -- internals ----------------------------------------------------------------------------

    def _loaded_entry(self, name: str) -> _Loaded:
        try:
            return self._loaded[name]
        except KeyError:
            raise KeyError(f"no property definition named {name!r}") from None

    def _load(self, name: str, wire: str | None) -> None:
        try:
            self._loaded[name] = _Loaded(decode(self.definitions[name], wire), True)
        except CodecError:
            self._loaded[name] = _Loaded("" if wire is None else wire, False)

    def _same(self, name: str, a: Value, b: Value) -> bool:
        """Equal as values: both encode to the same wire text. A value that cannot be encoded is
        never equal to anything (so it stays dirty and shows up in problems())."""
        defn = self.definitions[name]
        try:
            return encode(defn, a) == encode(defn, b)
        except CodecError:
            return False

    def _problem(self, name: str, value: Value) -> Problem | None:
        defn = self.definitions[name]
        kind = self._kinds[name]
        try:
            encode(defn, value)
        except CodecError:
            code = NOT_A_NUMBER if kind is EditorKind.NUMBER else INVALID_VALUE
            return Problem(code, str(value))
        if kind not in _CHOICE_KINDS or defn.external_options or not defn.options:
            return None
        allowed = {option.value for option in defn.options}
        chosen = decode(defn, encode(defn, value))
        members = chosen if isinstance(chosen, tuple) else (() if chosen is None else (str(chosen),))
        unknown = [member for member in members if member not in allowed]
        return Problem(NOT_AN_OPTION, ";".join(unknown)) if unknown else None


def _normalise(kind: EditorKind, value: Value | list[str]) -> Value:
    """None is the empty text / empty selection for text and multi-select kinds; a list of
    choices becomes a tuple."""
    if value is None:
        return empty_value(kind)
    if isinstance(value, list):
        return tuple(value)
    return value
