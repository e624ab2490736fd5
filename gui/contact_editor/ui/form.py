"""PropertyForm: every property of one contact as a labelled editor, grouped, in one scroll area, with
a filter bar on top; rows are built lazily, so a portal with thousands of properties opens at once.

Layout: the filter bar (see form_filter: "filterEdit", "hideEmptyToggle", "changedOnlyToggle"; Ctrl+F
focuses the search box, Escape clears it), a "noMatchLabel" shown when nothing matches, and the
scroll area "property-form-scroll" with one QGroupBox per property group ("group:<group name>") in the
groups' display order, then groups the definitions name but the group list lacks (titled with their
raw name, sorted by name). Within a group: editable fields, then locked ones, then those with
`hidden: True`; each in display order then label.
Each row (see form_rows): a label "label:<name>" (tooltip: description and internal name), a change
bar "mark:<name>", the editor "property:<name>", a "read-only" marker "lock:<name>" for locked fields,
and an error line "error:<name>" under the editor (hidden until show_errors, and again as soon as the
user changes that field). Every label showing HubSpot text is plain text (a label "<b>x</b>" shows
those characters), and '&' in labels and group titles is shown, never taken as a shortcut key.

The form writes each user change to the EditModel and marks changed fields (bold label with a bullet,
a colored bar, tooltip "Changed, not saved yet"); the mark goes when the value is back to the loaded
one.

Lazy building (see form_sections): a row's widgets exist once the row is built. The constructor builds
the first `FIRST_ROWS` rows (every row when there are at most `SYNC_ALL`); after that, rows are built in
slices of about `SLICE_MS` from a zero timer: the rows the viewport shows (and half a screen around it),
and, for forms of at most `BACKGROUND_ALL` fields, every other row in display order until
`is_fully_built()` (then `fully_built` is emitted). Rows not built yet take their estimated height, so
the scroll bar covers the whole form. With more than `ROW_CAP` rows built, those farthest from the
viewport are dropped again (the model keeps their values; rows with the focus, an error, text that is no
value, or asked for by name are kept). `editor(name)`, `ensure_built(name)`, `show_errors` and the
filter build what they need on demand; `ensure_all_built()` builds and keeps everything (for automation:
after it, `findChild(QWidget, "property:<name>")` finds every field). `is_busy()` says whether work is
still queued (tests wait for it). Tab and Shift+Tab go through the rows in display order whatever order
they were built in. `deleteLater()` deletes the rows in slices before the form.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from html import escape

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from contact_editor.editing.codecs import EditorKind, Value, editor_kind
from contact_editor.editing.edit_model import EditModel
from contact_editor.hubspot.models import PropertyDefinition, PropertyGroup, PropertyOption
from contact_editor.ui.editors import PropertyEditor, make_editor, value_fits
from contact_editor.ui.editors_base import literal_mnemonic, set_flag
from contact_editor.ui.editors_choice import SEARCHABLE_MIN
from contact_editor.ui.form_filter import FieldIndex, FilterBar
from contact_editor.ui.form_rows import (
    CHANGED_BULLET,
    HeightGuess,
    Row,
    RowLook,
    new_row,
    place_editor,
    tr,
)
from contact_editor.ui.form_sections import Block, Section

__all__ = ["PropertyForm", "arrange", "label_tooltip", "prepare_layout", "warm_up"]

SYNC_ALL = 60  # forms with at most this many fields are built completely by the constructor
BACKGROUND_ALL = 400  # forms with at most this many are completed in the background once shown
SLICE_MS = 10  # one slice of building stops after this long
ROW_CAP = 500  # more built rows than this (far from the viewport) are dropped again, down to ROW_KEEP
ROW_KEEP = 400
FIRST_ROWS = 6  # the constructor builds this many rows (bigger forms)

_State = tuple[EditorKind, Value, bool, bool]
_BUTTON_KINDS = (EditorKind.RADIO, EditorKind.MULTI_SELECT)
_Anchor = tuple[Section, int, int]


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
class _Shape:
    """What the form's layout takes from the schema alone: no Qt, so it can be worked out on any
    thread (`prepare_layout`). Shared between forms: read only."""

    arranged: list[tuple[str, str, list[PropertyDefinition]]]
    order: list[PropertyDefinition]
    position: dict[str, int]
    group_of: dict[str, int]
    slot: dict[str, int]
    keys: list[list[_Key]]  # per group, per row
    longest: list[str]  # the longest labels (they set the label column's width)


@dataclass(frozen=True)
class _Plan:
    """The shape with pixel heights and the label width, for one font. Read only."""

    shape: _Shape
    font: str
    heights: list[list[int]]
    label_width: int


# The latest schema's shape and plan: the window keeps its schema for the next contact of the
# portal, so forms after the first skip all this (with 5,000 fields, most of the constructor).
_last_shape: list[tuple[object, object, int, _Shape]] = []  # (definitions, groups, count, shape)
_last_plan: list[_Plan] = []


def prepare_layout(definitions: Sequence[PropertyDefinition], groups: Sequence[PropertyGroup]) -> None:
    """Work out the form's layout for this schema now, on any thread (no Qt is used): the load
    worker can call it, so that the first form for a portal of 5,000 fields costs the GUI thread
    some 15 ms less. The form finds it when given the same `definitions` and `groups` objects."""
    _shape_for(definitions, groups, list(definitions))


def _shape_for(definitions: Sequence[PropertyDefinition], groups: Sequence[PropertyGroup],
               usable: list[PropertyDefinition]) -> _Shape:
    for known_defs, known_groups, count, shape in list(_last_shape):
        if known_defs is definitions and known_groups is groups and count == len(usable):
            return shape
    arranged = arrange(usable, groups)
    order = [defn for _, _, defs in arranged for defn in defs]
    group_of: dict[str, int] = {}
    slot: dict[str, int] = {}
    for index, (_, _, defs) in enumerate(arranged):
        group_of.update(dict.fromkeys((defn.name for defn in defs), index))
        slot.update((defn.name, i) for i, defn in enumerate(defs))
    shape = _Shape(arranged, order, {defn.name: i for i, defn in enumerate(order)}, group_of, slot,
                   [_height_keys(defs) for _, _, defs in arranged],
                   sorted((defn.label for defn in order), key=len, reverse=True)[:64])
    _last_shape[:] = [(definitions, groups, len(usable), shape)]
    return shape


def _plan(definitions: Sequence[PropertyDefinition], groups: Sequence[PropertyGroup], model: EditModel,
          form: QWidget) -> _Plan:
    usable = [d for d in definitions if d.name in model.definitions]
    shape = _shape_for(definitions, groups, usable)
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
    plan = _Plan(shape, font, heights, look.label_width)
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


class PropertyForm(QWidget):
    """The contact's properties as a form bound to an EditModel."""

    dirty_changed = Signal()  # after each user edit reaching the model, and after refresh_from_model
    fully_built = Signal()  # once every row exists

    def __init__(
        self,
        definitions: Sequence[PropertyDefinition],
        groups: Sequence[PropertyGroup],
        model: EditModel,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("property-form")
        self._model = model
        self._rows: dict[str, Row] = {}
        self._dying = False  # deleteLater() was called: rows are being deleted in slices
        self._states: dict[str, _State] = {}  # what each built row shows, from the model
        self._errors: set[str] = set()
        self._invalid: set[str] = set()
        self._sections: list[Section] = []
        self._frozen: set[Block | Section] = set()  # layouts waiting for _settle
        self._pending: deque[Block] = deque()  # blocks whose rows the filter shows or hides
        self._by_block: dict[QWidget, Block] = {}
        plan = _plan(definitions, groups, model, self)
        shape = plan.shape
        self._order = shape.order
        self._position = shape.position
        self._group_of = shape.group_of  # name -> index in self._sections
        self._slot = shape.slot
        self._next = 0  # every row before this position in `_order` is built
        self._look = RowLook(self)
        self._look.label_width = plan.label_width

        self.filter_bar = FilterBar(self)
        self._no_match = QLabel(self)
        self._no_match.setObjectName("noMatchLabel")
        self._no_match.setTextFormat(Qt.TextFormat.PlainText)
        self._no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._no_match.setWordWrap(True)
        self._no_match.hide()
        self._scroll = QScrollArea(self)
        self._scroll.setObjectName("property-form-scroll")
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        content.setObjectName("property-form-content")
        self._column = QVBoxLayout(content)
        for (group_name, title, defs), heights in zip(shape.arranged, plan.heights, strict=True):
            section = Section(group_name, title, defs, heights, content)
            self._sections.append(section)
            self._by_block.update((block.widget, block) for block in section.blocks)
            self._column.addWidget(section.box)
        self._column.addStretch(1)
        self._scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.filter_bar)
        outer.addWidget(self._no_match)
        outer.addWidget(self._scroll, 1)

        self._keep: set[str] = set()  # rows never dropped: asked for by name (automation may hold them)
        self._keep_all = False  # after ensure_all_built: no row is dropped
        self._index = FieldIndex(self._order, model)
        self._index_ready = False
        self.filter_bar.set_count(len(self._order), len(self._order))
        self.filter_bar.changed.connect(self._apply_filter)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WindowShortcut)
        find.activated.connect(self.focus_filter)
        self._work = QTimer(self)
        self._work.setSingleShot(True)
        self._work.setInterval(0)
        self._work.timeout.connect(self._do_work)
        bar = self._scroll.verticalScrollBar()
        bar.valueChanged.connect(self._schedule)
        bar.rangeChanged.connect(self._schedule)
        viewport = self._scroll.viewport()
        assert viewport is not None
        viewport.installEventFilter(self)
        self._background = len(self._order) <= BACKGROUND_ALL
        self._build_first_screen()

    # -- public API ------------------------------------------------------------------------------
    def editor(self, name: str) -> PropertyEditor:
        """The editor of property `name`, built now if it was not yet (KeyError if the form has none).
        The row stays built from then on."""
        row = self._row(name)
        self._keep.add(name)
        return row.ed

    def names(self) -> list[str]:
        """The property names in display order (built or not)."""
        return [defn.name for defn in self._order]

    def invalid_names(self) -> list[str]:
        """Fields whose text is not a value (e.g. a number typed with a thousands separator); their
        model value is the last valid one, so saving should wait until they are fixed."""
        return sorted(self._invalid, key=self._position.__getitem__)

    def refresh_from_model(self) -> None:
        """Show the model's current values (e.g. after a save) and update locks and change marks.
        Only rows whose value, mark or lock changed (or holding text that is no value) are touched."""
        for name, row in self._rows.items():
            if self._states.get(name) != self._state(name) or name in self._invalid:
                self._load_row(row)
        self._index.forget()
        self._index_ready = False
        self._schedule()
        if self.filter_bar.is_active():
            self._apply_filter(keep_scroll=True)
        self.dirty_changed.emit()

    def show_errors(self, errors: Mapping[str, str]) -> list[str]:
        """Show plain `errors` under their fields (replacing earlier ones) and scroll to the first
        in display order; a field the filter hides is shown. Returns the names that have no field
        here, for the caller to show."""
        self.clear_errors()
        placed = sorted((name for name in errors if name in self._slot), key=self._position.__getitem__)
        hidden = False
        for name in placed:
            row = self._row(name)
            row.error.setText(errors[name])
            row.error.setVisible(True)
            self._errors.add(name)
            hidden = hidden or row.field.isHidden()
        if hidden:
            self._apply_filter(keep_scroll=True)
        if placed:
            self._scroll_to(self._rows[placed[0]])
        return [name for name in errors if name not in self._slot]

    def clear_errors(self) -> None:
        for name in self._errors:
            row = self._rows[name]
            row.error.clear()
            row.error.setVisible(False)
        self._errors.clear()

    def focus_filter(self) -> None:
        """Put the cursor in the filter box, its text selected (what Ctrl+F does)."""
        self.filter_bar.focus()

    def ensure_built(self, name: str) -> None:
        """Build the row of `name` now if it is not built yet (KeyError if the form has none); it
        stays built from then on."""
        self._row(name)
        self._keep.add(name)

    def ensure_all_built(self) -> None:
        """Build every row now, and keep them all (this takes a while for thousands of fields; a
        person scrolling never needs it: rows far from the viewport are otherwise dropped again)."""
        self._keep_all = True
        for defn in self._order[self._next:]:
            if defn.name not in self._rows:
                self._build(defn.name)
        self._settle()

    def is_fully_built(self) -> bool:
        return len(self._rows) == len(self._order)

    def built_count(self) -> int:
        return len(self._rows)

    # -- building --------------------------------------------------------------------------------
    def _row(self, name: str) -> Row:
        row = self._rows.get(name)
        if row is None:
            if name not in self._slot:
                raise KeyError(name)
            row = self._build(name)
        return row

    def _build_first_screen(self) -> None:
        """The first rows now (all of a small form); the rest of the screen comes with the first
        slice, right after the form is shown."""
        count = len(self._order) if len(self._order) <= SYNC_ALL else FIRST_ROWS
        for defn in self._order[:count]:
            self._build(defn.name)
        if count == len(self._order):
            self._settle()

    def _build(self, name: str) -> Row:
        section, slot = self._sections[self._group_of[name]], self._slot[name]
        defn = section.defs[slot]
        block, _ = section.block(slot)
        self._freeze(block)
        row = new_row(defn, block.widget, self._look)
        place_editor(row, self._new_editor(defn, self._kind(name), row.field))
        self._rows[name] = row
        self._load_row(row)
        section.place(slot, row)
        while self._next < len(self._order) and self._order[self._next].name in self._rows:
            self._next += 1
        if self.is_fully_built():
            self.fully_built.emit()
        return row

    def _new_editor(self, defn: PropertyDefinition, kind: EditorKind, field: QWidget) -> PropertyEditor:
        editor = make_editor(defn, kind, field)
        editor.changed.connect(partial(self._on_edited, defn.name))
        return editor

    def _kind(self, name: str) -> EditorKind:
        kind = self._model.kind(name)
        return kind if value_fits(kind, self._model.value(name)) else EditorKind.READ_ONLY

    # -- state -----------------------------------------------------------------------------------
    def _state(self, name: str) -> _State:
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

    # -- filter ----------------------------------------------------------------------------------
    def _apply_filter(self, keep_scroll: bool = False) -> None:
        """Show the fields the filter keeps. The flags come from the model at once (a few
        milliseconds); the blocks whose built rows change are then updated in slices."""
        bar = self.filter_bar
        total = len(self._order)
        if bar.is_active():
            flags = self._index.matches(bar.words(), bar.hide_empty.isChecked(), bar.changed_only.isChecked())
            for name in self._errors:  # a field showing an error stays in sight
                flags[self._position[name]] = True
        else:
            flags = [True] * total
        self._pending.clear()
        start = 0
        for section in self._sections:
            self._freeze(section)
            for block in section.blocks:
                begin = start + block.start
                self._freeze(block)
                block.set_target(flags[begin:begin + len(block.rows)])
                if block.rows_to_show():
                    self._pending.append(block)
            section.show_box()
            start += len(section.defs)
        shown = sum(flags)
        bar.set_count(shown, total)
        self._no_match.setText(bar.no_match_text() if not shown else "")
        self._no_match.setVisible(not shown)
        self._show_pending(None if self.isVisible() else float("inf"))
        if not keep_scroll:
            self._scroll.verticalScrollBar().setValue(0)
        self._schedule()

    def _show_pending(self, deadline: float | None) -> bool:
        """Show and hide the built rows the filter changed, top to bottom, until `deadline` (None:
        a slice from now); True when all are done."""
        if deadline is None:
            deadline = time.perf_counter() + SLICE_MS / 1000
        while self._pending:
            block = self._pending[0]
            self._freeze(block)
            if not block.show_rows(deadline):
                return False
            self._pending.popleft()
        return True

    # -- going away in slices too ------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        """`deleteLater()` (the window drops the form of the previous contact): deleting hundreds of
        rows at once would stall the GUI thread (about 0.1 ms a row), so the rows go in slices
        first and the form itself after them."""
        if event.type() == QEvent.Type.DeferredDelete and not self._dying and self._rows:
            self._dying = True
            self._work.stop()
            self._pending.clear()
            self._teardown = QTimer(self)
            self._teardown.setInterval(0)
            self._teardown.timeout.connect(self._tear_down)
            self._teardown.start()
            return True
        return super().event(event)

    def _tear_down(self) -> None:
        deadline = time.perf_counter() + SLICE_MS / 1000
        while self._rows and time.perf_counter() < deadline:
            _, row = self._rows.popitem()
            shiboken6.delete(row.field)  # its editor too
            shiboken6.delete(row.label)
        if not self._rows:
            self._teardown.stop()
            # Qt ignores a second deleteLater(); delete it from outside its own timer's signal
            QTimer.singleShot(0, partial(_delete, self))

    # -- lazy building: the viewport first, then (small forms) everything ------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._schedule()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self._scroll.viewport():
            self._schedule()
        return super().eventFilter(watched, event)

    def is_busy(self) -> bool:
        """True while the form still has work queued: typed filter text waiting for the pause, rows
        to show or hide, rows to build for the viewport or (small forms) in the background."""
        return self._work.isActive() or bool(self._pending) or self.filter_bar.pending()

    def _schedule(self, *_args: object) -> None:
        if not self._work.isActive() and not self._dying:
            self._work.start()

    def _do_work(self) -> None:
        if not self.isVisible():
            self._thaw()
            return  # showEvent schedules the rest
        deadline = time.perf_counter() + SLICE_MS / 1000
        anchor = self._anchor()
        more = not self._show_pending(deadline)
        if not more:
            more = self._fill_viewport(deadline, anchor)
        if not more and len(self._rows) > ROW_CAP and not self._keep_all:
            self._drop_far_rows(deadline)
            self._settle()
            self._restore(anchor)
        if not more and self._background and not self.is_fully_built():
            while self._next < len(self._order) and time.perf_counter() < deadline:
                self._build(self._order[self._next].name)
            self._settle()
            self._restore(anchor)
            more = not self.is_fully_built()
        self._settle()
        if more:
            self._work.start()
        elif not self._index_ready and time.perf_counter() < deadline:
            self._index_ready = True
            self._index.prepare()  # the first keystroke in the filter box then costs no more

    def _fill_viewport(self, deadline: float, anchor: _Anchor | None) -> bool:
        """Build the rows in and near the viewport; True if time ran out before all were built."""
        for _ in range(4):
            self._settle()
            self._restore(anchor)
            needed = self._needed()
            if not needed:
                return False
            for section, slot in needed:
                if time.perf_counter() > deadline:
                    self._settle()
                    self._restore(anchor)
                    return True
                if section.row(slot) is None:
                    self._build(section.defs[slot].name)
        self._settle()
        self._restore(anchor)
        return bool(self._needed())

    def _drop_far_rows(self, deadline: float) -> None:
        """Drop built rows farthest (in display order) from the viewport until ROW_KEEP are left,
        so that a long scroll through thousands of fields does not leave thousands of widgets
        (which make every later layout, filter and repaint slower). The model keeps their values;
        a row comes back as it was when it is needed again. Rows with the focus, an error, text that
        is no value, or asked for by name stay."""
        viewport = self._scroll.viewport()
        assert viewport is not None
        content = self._scroll.widget()
        middle = self._scroll.verticalScrollBar().value() + viewport.height() // 2
        found = self._slot_at(content.childAt(content.width() // 2, middle), middle) if content else None
        centre = self._position[found[0].defs[found[1]].name] if found is not None else self._next
        focus = QApplication.focusWidget()
        focused = self._name_at(focus) if focus is not None and self.isAncestorOf(focus) else None
        keep = self._keep | self._errors | self._invalid | {focused}
        candidates = sorted((name for name in self._rows if name not in keep),
                            key=lambda name: abs(self._position[name] - centre), reverse=True)
        for name in candidates[:max(len(self._rows) - ROW_KEEP, 0)]:
            if time.perf_counter() > deadline:
                break
            self._drop(name)

    def _drop(self, name: str) -> None:
        section, slot = self._sections[self._group_of[name]], self._slot[name]
        block, _ = section.block(slot)
        self._freeze(block)
        section.unplace(slot)
        del self._rows[name]
        self._states.pop(name, None)
        self._next = min(self._next, self._position[name])

    def _needed(self) -> list[tuple[Section, int]]:
        """Shown rows not built yet that lie in the viewport or half a screen above or below it."""
        viewport = self._scroll.viewport()
        assert viewport is not None
        top, height = self._scroll.verticalScrollBar().value(), viewport.height()
        low, high = top - height // 2, top + height + height // 2
        needed: list[tuple[Section, int]] = []
        for section in self._sections:
            box = section.box
            if box.isHidden():
                continue
            if box.y() > high:
                break
            if box.y() + box.height() < low:
                continue
            for block, gap in section.open_gaps():
                y = box.y() + block.widget.y() + gap.widget.y()
                if y > high:
                    break
                if y + gap.widget.height() < low:
                    continue
                needed += [(section, block.start + slot)
                           for slot in block.slots_between(gap, low - y, high - y)]
        return needed

    def _freeze(self, part: Block | Section) -> None:
        """Showing a widget makes Qt lay out every visible ancestor at once, which costs time per
        row shown: while a slice builds or filters rows, the layouts of the blocks (and groups)
        concerned are off, and `_settle` lays each out once."""
        widget = part.widget if isinstance(part, Block) else part.box
        if part not in self._frozen and widget.isVisible():
            part.layout.setEnabled(False)
            self._frozen.add(part)
            self._schedule()

    def _thaw(self) -> None:
        for part in self._frozen:
            part.layout.setEnabled(True)
            part.layout.invalidate()
        self._frozen.clear()

    def _settle(self) -> None:
        """Lay out what changed now, so positions are right (Qt would do it a moment later)."""
        self._thaw()
        for section in self._sections:
            if section.box.isHidden():
                continue
            for block in section.blocks:
                if not block.widget.isHidden():
                    block.layout.activate()
            section.layout.activate()
        self._column.activate()

    def _anchor(self) -> _Anchor | None:
        """The slot at the top of the viewport and how far into it the viewport starts, so that
        rows built above it (taller or shorter than estimated) do not move what the person sees."""
        top = self._scroll.verticalScrollBar().value()
        content = self._scroll.widget()
        if top <= 0 or content is None:
            return None
        for dy in range(0, 64, 8):
            for x in (content.width() // 2, self._look.label_width // 2 + 12):
                found = self._slot_at(content.childAt(x, top + dy), top + dy)
                if found is not None:
                    section, slot = found
                    y = section.slot_top(slot)
                    if y is not None:
                        return section, slot, top - (section.box.y() + y)
        return None

    def _slot_at(self, widget: QWidget | None, y: int) -> tuple[Section, int] | None:
        """The slot whose label, field or gap `widget` is in, at content height `y`."""
        while widget is not None and widget.parentWidget() not in self._by_block:
            widget = widget.parentWidget()
        if widget is None:
            return None
        parent = widget.parentWidget()
        assert parent is not None
        block = self._by_block[parent]
        section = block.section
        gap = next((gap for gap in block.gaps if gap.widget is widget), None)
        if gap is not None:
            offset = y - section.box.y() - block.widget.y() - widget.y()
            return section, block.start + block.slot_in_gap(gap, offset)
        _, _, name = widget.objectName().partition(":")
        if name not in self._slot or self._sections[self._group_of[name]] is not section:
            return None
        return section, self._slot[name]

    def _restore(self, anchor: _Anchor | None) -> None:
        if anchor is None:
            return
        section, slot, offset = anchor
        y = section.slot_top(slot)
        if y is not None and not section.box.isHidden():
            self._scroll.verticalScrollBar().setValue(section.box.y() + y + offset)

    # -- keyboard: Tab goes through the rows in display order, building them as it goes -----------
    def focusNextPrevChild(self, next: bool) -> bool:
        """Rows are built in any order (where the person scrolls, what the filter finds), so Qt's
        focus chain (creation order) is not the display order: Tab and Shift+Tab are steered here
        (Qt hands them up from the focused widget; the scroll area then shows the new focus)."""
        focus = QApplication.focusWidget()
        step = 1 if next else -1
        target: QWidget | None = None
        name = self._name_at(focus) if focus is not None and self.isAncestorOf(focus) else None
        if name is not None:
            stops = _tab_stops(self._rows[name].field)
            index = stops.index(focus) if focus in stops else -1
            if index != -1 and 0 <= index + step < len(stops):
                target = stops[index + step]
            else:
                target = self._next_stop(self._position[name] + step, step)
                if target is None and not next:
                    target = self.filter_bar.changed_only
        elif next and focus is self.filter_bar.changed_only:
            target = self._next_stop(0, 1)
        if target is None:
            return super().focusNextPrevChild(next)
        target.setFocus(Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason)
        return True

    def _name_at(self, widget: QWidget | None) -> str | None:
        """The property whose row holds `widget`."""
        while widget is not None and widget.parentWidget() not in self._by_block:
            widget = widget.parentWidget()
        if widget is None:
            return None
        _, _, name = widget.objectName().partition(":")
        return name if name in self._rows else None

    def _next_stop(self, position: int, step: int) -> QWidget | None:
        """The first (last, going back) Tab stop of the first shown row from `position` on."""
        while 0 <= position < len(self._order):
            name = self._order[position].name
            position += step
            if not self._sections[self._group_of[name]].is_shown(self._slot[name]):
                continue
            built = name in self._rows
            stops = _tab_stops(self._row(name).field)
            if stops:
                if not built:
                    self._settle()  # the scroll area must know where the new row is
                return stops[0] if step > 0 else stops[-1]
        return None

    def _scroll_to(self, row: Row) -> None:
        def scroll() -> None:
            self._settle()
            self._scroll.ensureWidgetVisible(row.label, 0, 0)
            self._scroll.ensureWidgetVisible(row.field, 0, 0)

        scroll()  # now, and again once the shown error lines have been laid out
        QTimer.singleShot(0, self, scroll)


def warm_up() -> None:
    """Build and drop, a little at a time from zero timers (each step a few milliseconds), a small
    hidden form with a field of every kind, so that the first real form does not pay Qt's and
    PySide's first-use costs (about 50 ms). For an idle moment, e.g. while the person types an ID."""
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
        with _keeping_layout():
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


@contextmanager
def _keeping_layout() -> Iterator[None]:
    """The warm-up form's layout does not replace the real portal's."""
    shapes, plans = list(_last_shape), list(_last_plan)
    try:
        yield
    finally:
        _last_shape[:], _last_plan[:] = shapes, plans


def _delete(widget: QWidget) -> None:
    if shiboken6.isValid(widget):  # its parent may have gone first (the window closed)
        shiboken6.delete(widget)


def _tab_stops(field: QWidget) -> list[QWidget]:
    """The widgets of a row that Tab stops at, in order."""
    return [widget for widget in field.findChildren(QWidget)
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None
            and widget.isEnabled() and widget.isVisibleTo(field)]
