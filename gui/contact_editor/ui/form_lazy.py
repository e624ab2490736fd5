"""`LazyForm`, PropertyForm's base class: the machinery under its lazy building.

It builds the rows in and near the viewport (`_fill_viewport`), drops built rows far from it again
(`_drop_far_rows`), turns the layouts of the blocks and groups being changed off while a slice works
and lays each out once afterwards (`_freeze`, `_settle`), keeps what the person sees in place while
rows above it take their real height (`_anchor`, `_restore`), scrolls a row into sight
(`_scroll_to`), narrows the label column in a narrow window (`resizeEvent`), and steers Tab and
Shift+Tab through the rows in display order, building them as it goes (`focusNextPrevChild`).

PropertyForm (contact_editor.ui.form) sets up the state declared here, builds and drops single
rows (`_row`, `_build`, `_drop`), and decides when to work and for how long (`_schedule`, the
slices, the limits).
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QApplication, QScrollArea, QVBoxLayout, QWidget

from contact_editor.hubspot.models import PropertyDefinition
from contact_editor.ui.form_filter import FilterBar
from contact_editor.ui.form_rows import Row, RowLook, fit_label
from contact_editor.ui.form_sections import Block, Section

_Anchor = tuple[Section, int, int]


class LazyForm(QWidget):
    """Rows built and dropped around the viewport, and Tab in display order (see the module)."""

    # Set up by PropertyForm.
    filter_bar: FilterBar
    _scroll: QScrollArea
    _column: QVBoxLayout  # the groups, one under the other
    _look: RowLook
    _sections: list[Section]
    _by_block: dict[QWidget, Block]
    _frozen: set[Block | Section]  # layouts waiting for _settle
    _order: list[PropertyDefinition]
    _position: dict[str, int]
    _group_of: dict[str, int]
    _slot: dict[str, int]
    _next: int  # every row before this position in `_order` is built
    _rows: dict[str, Row]
    _keep: set[str]
    _errors: set[str]
    _invalid: set[str]

    def _row(self, name: str) -> Row:
        """The row of `name`, built now if it was not yet."""
        raise NotImplementedError

    def _build(self, name: str) -> Row:
        """Build the row of `name` (not built yet)."""
        raise NotImplementedError

    def _drop(self, name: str) -> None:
        """Take the built row of `name` away again."""
        raise NotImplementedError

    def _schedule(self, *_args: object) -> None:
        """Have the next slice of work run soon."""
        raise NotImplementedError

    # -- the viewport first ------------------------------------------------------------------------
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

    def _drop_far_rows(self, deadline: float, down_to: int) -> None:
        """Drop built rows farthest (in display order) from the viewport until `down_to` are left,
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
        for name in candidates[:max(len(self._rows) - down_to, 0)]:
            if time.perf_counter() > deadline:
                break
            self._drop(name)

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

    # -- layouts: off while a slice works, then laid out once ------------------------------------
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
        self._fit_labels()

    # -- what the person sees stays where it is ----------------------------------------------------
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

    def _scroll_to(self, row: Row) -> None:
        def scroll() -> None:
            self._settle()
            self._scroll.ensureWidgetVisible(row.label, 0, 0)
            self._scroll.ensureWidgetVisible(row.field, 0, 0)

        scroll()  # now, and again once the shown error lines have been laid out
        QTimer.singleShot(0, self, scroll)

    # -- the label column gives way in a narrow window ---------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_labels()

    def _fit_labels(self) -> None:
        """The label column takes at most a share of the form's width, and leaves the rest of the
        viewport the room the built rows' editors need (see RowLook.fit), so that in a narrow window
        the editors stay in view without a horizontal scroll bar. On resize and after each layout."""
        content = self._scroll.widget()
        if content is None:
            return
        others = content.minimumSizeHint().width() - self._look.label_width
        room = self.width() - self._scroll.verticalScrollBar().sizeHint().width() - others
        if self._look.fit(self.width(), room):
            for row in self._rows.values():
                fit_label(row.label, row.definition.label, self._look)
            self._schedule()  # rows may be taller now: the viewport may need more rows

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


def _tab_stops(field: QWidget) -> list[QWidget]:
    """The widgets of a row that Tab stops at, in the order of the field's children (creation
    order; an editor whose parts are drawn in another order keeps its children in drawn order, see
    RadioEditor)."""
    return [widget for widget in field.findChildren(QWidget)
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None
            and widget.isEnabled() and widget.isVisibleTo(field)]
