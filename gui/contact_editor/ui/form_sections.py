"""One group box of the form, whose rows are built lazily.

A `Section` is a QGroupBox "group:<group name>" holding its fields ("slots", in display order) in
blocks of `BLOCK` rows: each `Block` is a widget with its own QFormLayout, so a change in one row
lays out at most `BLOCK` rows (the blocks below just move), however many fields the group has. The
label column has one fixed width for the whole form, so blocks and groups line up.

In a block, each slot is either a built row (label and field widgets) or part of a run of rows not
built yet, which the layout holds as one placeholder widget (a `Gap`) as tall as those rows will be
(estimated), so the form has its full height from the start. Building a slot splits its gap. The
filter sets which slots are shown: hidden rows are hidden widgets, a gap is only as tall as its
shown slots, and a block or group with nothing shown is hidden.
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtWidgets import QFormLayout, QGroupBox, QVBoxLayout, QWidget

from contact_editor.hubspot.models import PropertyDefinition
from contact_editor.ui.editors_base import literal_mnemonic
from contact_editor.ui.form_rows import Row

BLOCK = 96  # rows per block


@dataclass(eq=False)
class Gap:
    """Slots [start, end) of a block, not built yet, held by one placeholder widget."""

    start: int
    end: int
    widget: QWidget


class Block:
    """Slots [start, start + len(heights)) of a section, in one QFormLayout. Slot numbers given to
    and returned by its methods are the block's own (0 is its first)."""

    def __init__(self, section: Section, start: int, heights: list[int]) -> None:
        self.section = section
        self.start = start
        self.widget = QWidget(section.box)
        self.layout = QFormLayout(self.widget)
        self.layout.setContentsMargins(0, 0, 0, 0)
        self.layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.spacing = max(self.layout.verticalSpacing(), 0)
        self.rows: list[Row | None] = [None] * len(heights)
        self.heights = heights
        self.shown = [True] * len(heights)  # what is shown now
        self.target = self.shown  # what the filter wants shown (see set_target)
        self.target_count = len(heights)
        self.built = 0
        # The layout's rows, top to bottom (a Row or a Gap each), and the first slot of each.
        self.entries: list[Row | Gap] = []
        self.starts: list[int] = []
        self.gaps: list[Gap] = []
        # cum[i]: the height of the shown slots before slot i, each with the spacing after it;
        # count[i]: how many of them are shown.
        self.cum: list[int] = []
        self.count: list[int] = []
        self._recount()
        gap = self._new_gap(0, len(heights))
        self.entries.append(gap)
        self.starts.append(0)
        self.layout.addRow(gap.widget)

    # -- queries ---------------------------------------------------------------------------------
    def shown_count(self) -> int:
        return self.count[-1]

    def is_complete(self) -> bool:
        return self.built == len(self.rows)

    def gap_at(self, slot: int) -> Gap:
        entry = self.entries[bisect_right(self.starts, slot) - 1]
        assert isinstance(entry, Gap) and entry.start <= slot < entry.end, "slot is built"
        return entry

    def slot_top(self, slot: int) -> int | None:
        """Where slot `slot` starts, in the block's coordinates (None while it is hidden)."""
        if not self.shown[slot]:
            return None
        row = self.rows[slot]
        if row is not None:
            return min(row.label.y(), row.field.y())
        gap = self.gap_at(slot)
        return gap.widget.y() + self.cum[slot] - self.cum[gap.start]

    def slot_in_gap(self, gap: Gap, offset: int) -> int:
        """The slot of `gap` at `offset` pixels below the gap's top."""
        base = self.cum[gap.start]
        slot = bisect_right(self.cum, base + offset, gap.start, gap.end + 1) - 1
        return min(max(slot, gap.start), gap.end - 1)

    def slots_between(self, gap: Gap, top: int, bottom: int) -> list[int]:
        """The shown slots of `gap` that overlap [top, bottom] (pixels from the gap's top)."""
        base = self.cum[gap.start]
        first = max(bisect_right(self.cum, base + top, gap.start, gap.end + 1) - 1, gap.start)
        last = min(bisect_left(self.cum, base + bottom, gap.start, gap.end + 1), gap.end)
        return [slot for slot in range(first, last) if self.shown[slot]]

    # -- changes ---------------------------------------------------------------------------------
    def place(self, slot: int, row: Row) -> None:
        """Put the built `row` in place of slot `slot` (which must be in a gap)."""
        k = bisect_right(self.starts, slot) - 1
        gap = self.entries[k]
        assert isinstance(gap, Gap) and gap.start <= slot < gap.end, "slot is built"
        layout = self.layout
        if gap.end - gap.start == 1:
            self.gaps.remove(gap)
            layout.removeRow(k)  # deletes the placeholder widget
            self.entries[k] = row
            self.starts[k] = slot
            layout.insertRow(k, row.label, row.field)
        elif slot == gap.start:
            gap.start += 1
            self.starts[k] = slot + 1
            self.entries.insert(k, row)
            self.starts.insert(k, slot)
            layout.insertRow(k, row.label, row.field)
            self._size(gap)
        elif slot == gap.end - 1:
            gap.end -= 1
            self.entries.insert(k + 1, row)
            self.starts.insert(k + 1, slot)
            layout.insertRow(k + 1, row.label, row.field)
            self._size(gap)
        else:
            tail = self._new_gap(slot + 1, gap.end)
            gap.end = slot
            self.entries[k + 1:k + 1] = [row, tail]
            self.starts[k + 1:k + 1] = [slot, slot + 1]
            layout.insertRow(k + 1, row.label, row.field)
            layout.insertRow(k + 2, tail.widget)
            self._size(gap)
        self.rows[slot] = row
        self.built += 1
        shown = self.shown[slot]
        row.label.setVisible(shown)
        row.field.setVisible(shown)

    def unplace(self, slot: int) -> None:
        """Drop the built row of slot `slot` (its widgets are deleted now): it is a gap again."""
        k = bisect_right(self.starts, slot) - 1
        assert self.entries[k] is self.rows[slot] and self.starts[k] == slot, "slot is not built"
        self.shown[slot] = self.target[slot]
        self._recount()
        before = self.entries[k - 1] if k > 0 else None
        after = self.entries[k + 1] if k + 1 < len(self.entries) else None
        layout = self.layout
        layout.removeRow(k)  # deletes the row's label and field, and so its editor
        if isinstance(before, Gap) and isinstance(after, Gap):
            before.end = after.end
            self.gaps.remove(after)
            layout.removeRow(k)  # the gap after it, now at k
            del self.entries[k:k + 2], self.starts[k:k + 2]
            self._size(before)
        elif isinstance(before, Gap):
            before.end = slot + 1
            del self.entries[k], self.starts[k]
            self._size(before)
        elif isinstance(after, Gap):
            after.start = slot
            del self.entries[k], self.starts[k]
            self.starts[k] = slot
            self._size(after)
        else:
            gap = self._new_gap(slot, slot + 1)
            layout.insertRow(k, gap.widget)
            self.entries[k] = gap
        self.rows[slot] = None
        self.built -= 1

    def set_target(self, shown: list[bool]) -> None:
        """Show only the slots flagged in `shown`: gaps and the block itself at once (cheap), built
        rows by `show_rows` (each costs a little)."""
        self.target = shown
        self.target_count = sum(shown)
        for slot, row in enumerate(self.rows):
            if row is None:
                self.shown[slot] = shown[slot]
        self._recount()
        for gap in self.gaps:
            self._size(gap)
        if self.target_count:
            self.widget.setVisible(True)  # its built rows are hidden or staying: nothing costly

    def rows_to_show(self) -> bool:
        return any(row is not None and self.shown[slot] != self.target[slot]
                   for slot, row in enumerate(self.rows))

    def show_rows(self, deadline: float) -> bool:
        """Show and hide built rows as `set_target` asked, until `deadline` (perf_counter); True
        when done. A block with nothing to show is hidden only then, so a hidden block never holds
        a row that is not hidden itself (showing the block again stays cheap)."""
        for slot, row in enumerate(self.rows):
            if row is not None and self.shown[slot] != self.target[slot]:
                if time.perf_counter() > deadline:
                    return False
                row.label.setVisible(self.target[slot])
                row.field.setVisible(self.target[slot])
                self.shown[slot] = self.target[slot]
        self._recount()
        if not self.target_count:
            self.widget.hide()
        return True

    # -- internals -------------------------------------------------------------------------------
    def _recount(self) -> None:
        cum, count = [0], [0]
        total, n = 0, 0
        spacing = self.spacing
        for height, shown in zip(self.heights, self.shown, strict=True):
            if shown:
                total += height + spacing
                n += 1
            cum.append(total)
            count.append(n)
        self.cum, self.count = cum, count

    def _new_gap(self, start: int, end: int) -> Gap:
        widget = QWidget(self.widget)
        widget.hide()
        gap = Gap(start, end, widget)
        self.gaps.append(gap)
        self._size(gap)
        return gap

    def _size(self, gap: Gap) -> None:
        shown = self.count[gap.end] - self.count[gap.start]
        if shown:
            gap.widget.setFixedHeight(self.cum[gap.end] - self.cum[gap.start] - self.spacing)
        gap.widget.setVisible(shown > 0)


class Section:
    """One group box: its definitions in display order, in blocks of BLOCK rows."""

    def __init__(self, name: str, title: str, defs: list[PropertyDefinition], heights: list[int],
                 parent: QWidget) -> None:
        self.name = name
        self.defs = defs
        self.heights = heights
        self.box = QGroupBox(literal_mnemonic(title), parent)
        self.box.setObjectName(f"group:{name}")
        self.layout = QVBoxLayout(self.box)
        self.blocks = [Block(self, start, heights[start:start + BLOCK])
                       for start in range(0, len(defs), BLOCK)]
        self.spacing = self.blocks[0].spacing if self.blocks else 0
        self.layout.setSpacing(self.spacing)  # rows of two blocks are as far apart as in one
        for block in self.blocks:
            self.layout.addWidget(block.widget)

    def block(self, slot: int) -> tuple[Block, int]:
        """The block holding slot `slot`, and the slot's number in the block."""
        return self.blocks[slot // BLOCK], slot % BLOCK

    def row(self, slot: int) -> Row | None:
        block, local = self.block(slot)
        return block.rows[local]

    def is_shown(self, slot: int) -> bool:
        block, local = self.block(slot)
        return block.shown[local]

    def is_complete(self) -> bool:
        return all(block.is_complete() for block in self.blocks)

    def place(self, slot: int, row: Row) -> None:
        block, local = self.block(slot)
        block.place(local, row)

    def unplace(self, slot: int) -> None:
        block, local = self.block(slot)
        block.unplace(local)

    def slot_top(self, slot: int) -> int | None:
        """Where slot `slot` starts, in the box's coordinates (None while it is hidden)."""
        block, local = self.block(slot)
        top = block.slot_top(local)
        return None if top is None or block.widget.isHidden() else block.widget.y() + top

    def open_gaps(self) -> Iterator[tuple[Block, Gap]]:
        """The gaps with shown slots, top to bottom."""
        for block in self.blocks:
            if block.is_complete() or block.widget.isHidden():
                continue
            for gap in block.gaps:
                if not gap.widget.isHidden():
                    yield block, gap

    def show_box(self) -> None:
        """Show the box when any of its blocks is to show anything (after the blocks' set_target)."""
        self.box.setVisible(any(block.target_count for block in self.blocks))
