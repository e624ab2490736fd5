"""The form's layout planned from the schema: which groups, in which order, which rows in each, how
tall each row not built yet is taken to be, and how wide the label column is; and a label's tooltip.

Order: one group per property group in the groups' display order, then groups the definitions name
but the group list lacks (titled with their raw name, sorted by name). Within a group: editable
fields, then locked ones, then those with `hidden: True`; each in display order then label.

The schema's part (a `Shape`: no Qt, so any thread can work it out, see `prepare_layout` in
contact_editor.ui.form) and the part that depends on the font (a `Plan`: pixel heights, label
width) are kept for the latest schema, so the next contact of the same portal skips all this.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape

from PySide6.QtWidgets import QWidget

from contact_editor.editing.codecs import EditorKind, editor_kind
from contact_editor.editing.edit_model import EditModel
from contact_editor.hubspot.models import PropertyDefinition, PropertyGroup
from contact_editor.ui.form_rows import HeightGuess, RowLook, tr

_BUTTON_KINDS = (EditorKind.RADIO, EditorKind.MULTI_SELECT)

Arranged = list[tuple[str, str, list[PropertyDefinition]]]
Arrange = Callable[[Sequence[PropertyDefinition], Sequence[PropertyGroup]], Arranged]


def arrange(definitions: Sequence[PropertyDefinition], groups: Sequence[PropertyGroup]) -> Arranged:
    """(group name, title, definitions) in display order; empty groups are left out."""
    by_group: dict[str, list[PropertyDefinition]] = {}
    for defn in definitions:
        by_group.setdefault(defn.group_name, []).append(defn)
    known = sorted((g for g in groups if g.name in by_group), key=lambda g: (*g.sort_key, g.name))
    titled = [(g.name, g.label) for g in known]
    known_names = {g.name for g in known}
    unknown = sorted((n for n in by_group if n not in known_names), key=lambda n: (n.casefold(), n))
    titled += [(name, name or tr("Other")) for name in unknown]
    key = _RowKey()
    return [(name, title, sorted(by_group[name], key=key)) for name, title in titled]


class _RowKey:
    """Fields a person can edit first, then locked ones, then those hidden in HubSpot; each part in
    HubSpot's display order. (HubSpot's record page mixes locked fields in; staff editing a contact
    should not have to hunt between them.)"""

    def __init__(self) -> None:
        # Whether a kind is READ_ONLY depends on type and fieldType only (options only choose
        # between BOOLEAN and SELECT), so thousands of definitions ask editor_kind a few times.
        self._read_only: dict[tuple[str, str], bool] = {}

    def __call__(self, defn: PropertyDefinition) -> tuple[bool, bool, int, int, str, str]:
        types = (defn.type, defn.field_type)
        read_only = self._read_only.get(types)
        if read_only is None:
            read_only = self._read_only[types] = editor_kind(defn) is EditorKind.READ_ONLY
        return (defn.hidden, defn.read_only_value or read_only, *defn.sort_key, defn.name)


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


_Key = tuple[EditorKind, int, bool]  # what a row's estimated height depends on


@dataclass(frozen=True)
class Shape:
    """What the form's layout takes from the schema alone: no Qt, so it can be worked out on any
    thread (`prepare_layout` in contact_editor.ui.form). Shared between forms: read only."""

    arranged: Arranged
    order: list[PropertyDefinition]
    position: dict[str, int]
    group_of: dict[str, int]
    slot: dict[str, int]
    keys: list[list[_Key]]  # per group, per row
    longest: list[str]  # the longest labels (they set the label column's width)


@dataclass(frozen=True)
class Plan:
    """The shape with pixel heights and the label width, for one font. Read only."""

    shape: Shape
    font: str
    heights: list[list[int]]
    label_width: int


# The latest schema's shape and plan: the window keeps its schema for the next contact of the
# portal, so forms after the first skip all this (with 5,000 fields, most of the constructor).
_last_shape: list[tuple[object, object, int, Shape]] = []  # (definitions, groups, count, shape)
_last_plan: list[Plan] = []


@contextmanager
def keeping_layout() -> Iterator[None]:
    """The shape and plan kept for the latest schema are the same after the block as before it
    (a throwaway form, such as the warm-up's, does not replace the real portal's)."""
    shapes, plans = list(_last_shape), list(_last_plan)
    try:
        yield
    finally:
        _last_shape[:], _last_plan[:] = shapes, plans


def shape_for(definitions: Sequence[PropertyDefinition], groups: Sequence[PropertyGroup],
              usable: list[PropertyDefinition], arrange_with: Arrange = arrange) -> Shape:
    """The shape of `usable` (those of `definitions` the model knows), the kept one if it was
    worked out for the same `definitions` and `groups` objects; `arrange_with` orders the rows."""
    for known_defs, known_groups, count, shape in list(_last_shape):
        if known_defs is definitions and known_groups is groups and count == len(usable):
            return shape
    arranged = arrange_with(usable, groups)
    order = [defn for _, _, defs in arranged for defn in defs]
    group_of: dict[str, int] = {}
    slot: dict[str, int] = {}
    for index, (_, _, defs) in enumerate(arranged):
        group_of.update(dict.fromkeys((defn.name for defn in defs), index))
        slot.update((defn.name, i) for i, defn in enumerate(defs))
    shape = Shape(arranged, order, {defn.name: i for i, defn in enumerate(order)}, group_of, slot,
                  [_height_keys(defs) for _, _, defs in arranged],
                  sorted((defn.label for defn in order), key=len, reverse=True)[:64])
    _last_shape[:] = [(definitions, groups, len(usable), shape)]
    return shape


def plan_for(definitions: Sequence[PropertyDefinition], groups: Sequence[PropertyGroup], model: EditModel,
             form: QWidget, arrange_with: Arrange = arrange) -> Plan:
    """The plan for `form` (its font) and the definitions `model` knows; the kept one if it fits."""
    usable = [d for d in definitions if d.name in model.definitions]
    shape = shape_for(definitions, groups, usable, arrange_with)
    font = form.font().key()
    for plan in _last_plan:
        if plan.shape is shape and plan.font == font:
            return plan
    look = RowLook(form)
    look.set_label_width(shape.longest)
    guess = HeightGuess(form)
    pixels: dict[_Key, int] = {}
    heights = []
    for keys in shape.keys:
        for key in set(keys) - pixels.keys():
            pixels[key] = guess.row(*key)
        heights.append([pixels[key] for key in keys])
    plan = Plan(shape, font, heights, look.label_width)
    _last_plan[:] = [plan]
    return plan


def _height_keys(defs: list[PropertyDefinition]) -> list[_Key]:
    """What each row's estimated height depends on, from its definition: the kind, and for radio
    buttons and tick boxes the number of options. (A value shown otherwise - undecodable, or no
    option any more - makes the estimate a little off; the row takes its real height once built.)"""
    kinds: dict[str, dict[str, EditorKind]] = {}  # editor_kind by type and fieldType (options
    result: list[_Key] = []  # only choose between BOOLEAN and SELECT, which look alike)
    for defn in defs:
        by_field = kinds.get(defn.type)
        if by_field is None:
            by_field = kinds[defn.type] = {}
        kind = by_field.get(defn.field_type)
        if kind is None:
            kind = by_field[defn.field_type] = editor_kind(defn)
        if kind in _BUTTON_KINDS:
            if defn.external_options and not defn.options:
                result.append((EditorKind.READ_ONLY, 0, True))
            else:
                result.append((kind, len(defn.options), not defn.read_only_value))
        else:
            result.append((kind, 0, True))
    return result
