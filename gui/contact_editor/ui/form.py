"""PropertyForm: every property of one contact as a labelled editor, grouped, in one scroll area, with
a filter bar on top; rows are built lazily, so a portal with thousands of properties opens at once.

Layout: the filter bar (see form_filter: "filterEdit", "hideEmptyToggle", "changedOnlyToggle"; Ctrl+F
focuses the search box, Escape clears it), a "noMatchLabel" shown when nothing matches, and the
scroll area "property-form-scroll" with one QGroupBox per property group ("group:<group name>"); the
order of the groups and of the rows in each is form_layout's (`arrange`; `prepare_layout` below
works it out ahead, on any thread).
Each row (see form_rows): a label "label:<name>" (tooltip: description and internal name), a change
bar "mark:<name>", the editor "property:<name>", a "read-only" marker "lock:<name>" for locked fields,
and an error line "error:<name>" under the editor (hidden until show_errors, and again as soon as the
user changes that field). Every label showing HubSpot text is plain text (a label "<b>x</b>" shows
those characters), and '&' in labels and group titles is shown, never taken as a shortcut key.

The form writes each user change to the EditModel and marks changed fields (bold label with a bullet,
a colored bar, tooltip "Changed, not saved yet"); the mark goes when the value is back to the loaded
one (see form_binding).

Lazy building (see form_sections, and form_lazy for the machinery): a row's widgets exist once the
row is built. The constructor builds the first `FIRST_ROWS` rows (every row when there are at most
`SYNC_ALL`); after that, rows are built in slices of about `SLICE_MS` from a zero timer (`_do_work`
below): the rows the viewport shows (and half a screen around it),
and, for forms of at most `BACKGROUND_ALL` fields, every other row in display order until
`is_fully_built()` (then `fully_built` is emitted). Rows not built yet take their estimated height, so
the scroll bar covers the whole form. With more than `ROW_CAP` rows built, those farthest from the
viewport are dropped again (the model keeps their values; rows with the focus, an error, text that is no
value, or asked for by name are kept). `editor(name)`, `ensure_built(name)`, `show_errors` and the
filter build what they need on demand; `ensure_all_built()` builds and keeps everything (for automation:
after it, `findChild(QWidget, "property:<name>")` finds every field). `is_busy()` says whether work is
still queued (tests wait for it). Tab and Shift+Tab go through the rows in display order whatever order
they were built in. `deleteLater()` deletes the rows in slices before the form.

`warm_up()` (form_warmup) builds a throwaway form at an idle moment to pay Qt's first-use costs.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Mapping, Sequence
from functools import partial

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from contact_editor.editing.edit_model import EditModel
from contact_editor.hubspot.models import PropertyDefinition, PropertyGroup
from contact_editor.ui.editors import PropertyEditor
from contact_editor.ui.form_binding import RowBinding, State
from contact_editor.ui.form_filter import FieldIndex, FilterBar
from contact_editor.ui.form_layout import _last_shape as _last_shape  # re-exported: tests read it here
from contact_editor.ui.form_layout import arrange, label_tooltip, plan_for, shape_for
from contact_editor.ui.form_lazy import LazyForm, _tab_stops
from contact_editor.ui.form_rows import Row, RowLook, new_row, place_editor
from contact_editor.ui.form_sections import Block, Section
from contact_editor.ui.form_warmup import warm_up

__all__ = ["PropertyForm", "arrange", "label_tooltip", "prepare_layout", "warm_up"]

SYNC_ALL = 60  # forms with at most this many fields are built completely by the constructor
BACKGROUND_ALL = 400  # forms with at most this many are completed in the background once shown
SLICE_MS = 10  # one slice of building stops after this long
ROW_CAP = 500  # more built rows than this (far from the viewport) are dropped again, down to ROW_KEEP
ROW_KEEP = 400
FIRST_ROWS = 6  # the constructor builds this many rows (bigger forms)


def prepare_layout(definitions: Sequence[PropertyDefinition], groups: Sequence[PropertyGroup]) -> None:
    """Work out the form's layout for this schema now, on any thread (no Qt is used): the load
    worker can call it, so that the first form for a portal of 5,000 fields costs the GUI thread
    some 15 ms less. The form finds it when given the same `definitions` and `groups` objects."""
    # `arrange` is handed on from this module's namespace, read at each call (here and in the
    # constructor), so that replacing `contact_editor.ui.form.arrange` takes effect.
    shape_for(definitions, groups, list(definitions), arrange)


class PropertyForm(RowBinding, LazyForm):
    """The contact's properties as a form bound to an EditModel (rows and model: form_binding's
    RowBinding; building rows where they are needed: form_lazy's LazyForm)."""

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
        self._states: dict[str, State] = {}  # what each built row shows, from the model
        self._errors: set[str] = set()
        self._reveal_pending: Row | None = None  # the first error to bring into view (show_errors)
        self._invalid: set[str] = set()
        self._sections: list[Section] = []
        self._frozen: set[Block | Section] = set()  # layouts waiting for _settle
        self._pending: deque[Block] = deque()  # blocks whose rows the filter shows or hides
        self._by_block: dict[QWidget, Block] = {}
        plan = plan_for(definitions, groups, model, self, arrange)
        shape = plan.shape
        self._order = shape.order
        self._position = shape.position
        self._group_of = shape.group_of  # name -> index in self._sections
        self._slot = shape.slot
        self._next = 0  # every row before this position in `_order` is built
        self._look = RowLook(self)
        self._look.label_width = self._look.natural_width = plan.label_width

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
            first = self._rows[placed[0]]
            self._scroll_to(first)
            self._reveal_pending = first
            if self.isEnabled():
                QTimer.singleShot(0, self, self._reveal_error)
        return [name for name in errors if name not in self._slot]

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.EnabledChange and self.isEnabled() and self._reveal_pending:
            QTimer.singleShot(0, self, self._reveal_error)  # the form was locked during the save

    def _reveal_error(self) -> None:
        """Once laid out and enabled: the first error line is in view too (not just its field), and
        the field has the keyboard focus, so the person can correct it at once."""
        row, self._reveal_pending = self._reveal_pending, None
        if row is None or not shiboken6.isValid(row.error) or row.error.isHidden():
            return
        self._settle()
        self._scroll.ensureWidgetVisible(row.error, 0, 0)
        stops = _tab_stops(row.field)
        if stops:
            stops[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_errors(self) -> None:
        for name in self._errors:
            row = self._rows[name]
            row.error.clear()
            row.error.setVisible(False)
        self._errors.clear()
        self._reveal_pending = None

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

    def _drop(self, name: str) -> None:
        section, slot = self._sections[self._group_of[name]], self._slot[name]
        block, _ = section.block(slot)
        self._freeze(block)
        section.unplace(slot)
        del self._rows[name]
        self._states.pop(name, None)
        self._next = min(self._next, self._position[name])

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
            self._drop_far_rows(deadline, ROW_KEEP)
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


def _delete(widget: QWidget) -> None:
    if shiboken6.isValid(widget):  # its parent may have gone first (the window closed)
        shiboken6.delete(widget)
