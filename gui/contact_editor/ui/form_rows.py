"""The widgets of one form row, and height estimates for rows not built yet.

A row: a label "label:<name>" (tooltip: description and internal name), and a field widget
"field:<name>" holding, in one grid, a change bar "mark:<name>", the editor "property:<name>", a
"read-only" marker "lock:<name>" and, under the editor, an error line "error:<name>". The lock and
error labels exist for every row but stay hidden (and so cost little) until needed.

The look comes from fonts and palettes set on the few widgets concerned, never from a style sheet
on the form (one there makes Qt re-polish every child, which is slow with thousands of fields).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QToolButton,
    QWidget,
)

from contact_editor.editing.codecs import EditorKind
from contact_editor.hubspot.models import PropertyDefinition
from contact_editor.ui.editors import PropertyEditor
from contact_editor.ui.editors_base import ERROR_COLOR, literal_mnemonic

CHANGED_BULLET = "\N{BULLET} "
LABEL_SHARE = 0.4  # of the form's width, at most, for the label column
LABEL_MIN = 120  # pixels: narrower labels would wrap into a word a line


def tr(text: str) -> str:
    return QCoreApplication.translate("PropertyForm", text)


@dataclass(eq=False)
class Row:
    """The widgets of one built row. `editor` is set by the form right after `new_row`."""

    definition: PropertyDefinition
    label: QLabel
    mark: QFrame
    lock: QLabel
    error: QLabel
    grid: QGridLayout
    field: QWidget
    editor: PropertyEditor | None = None

    @property
    def ed(self) -> PropertyEditor:
        assert self.editor is not None
        return self.editor


class RowLook:
    """Palettes and fonts shared by the rows of one form (each sets only what it changes, so
    everything else still follows the application's palette and font)."""

    def __init__(self, base: QWidget) -> None:
        self.error_palette = QPalette()
        self.error_palette.setColor(QPalette.ColorRole.WindowText, ERROR_COLOR)
        self.lock_palette = QPalette()
        mid = base.palette().color(QPalette.ColorRole.Mid)
        self.lock_palette.setColor(QPalette.ColorRole.WindowText, mid)
        self.lock_font = QFont()
        self.lock_font.setItalic(True)
        self.label_width = 0  # the one label column width of all groups and blocks
        self.natural_width = 0  # what the labels would like (label_width when the form is wide enough)
        self._bold = QFontMetrics(_bold(base.font()))

    def set_label_width(self, longest: list[str]) -> None:
        """One label column width for the whole form, wide enough for a bold, bulleted label (at most
        360 pixels; longer labels wrap). `longest`: the longest labels by characters (measuring a
        few dozen is enough, and thousands would cost time)."""
        width = max((self._bold.horizontalAdvance(CHANGED_BULLET + text) for text in longest), default=0)
        self.label_width = self.natural_width = min(width + 4, 360)

    def fit(self, form_width: int, room: int) -> bool:
        """Narrow the label column to at most LABEL_SHARE of the form's width and to the `room` the
        editors leave (not below LABEL_MIN pixels; labels that no longer fit wrap); True if the
        width changed."""
        width = min(self.natural_width, max(LABEL_MIN, min(int(form_width * LABEL_SHARE), room)))
        changed, self.label_width = width != self.label_width, width
        return changed

    def needs_wrap(self, label: str) -> bool:
        return self._bold.horizontalAdvance(CHANGED_BULLET + label) + 4 > self.label_width


def _bold(font: QFont) -> QFont:
    bold = QFont(font)
    bold.setBold(True)
    return bold


def new_row(defn: PropertyDefinition, parent: QWidget, look: RowLook) -> Row:
    """The row's widgets, children of `parent` (the group box), hidden; the editor goes in with
    `place_editor`."""
    name = defn.name
    label = QLabel(parent)
    label.hide()
    label.setObjectName(f"label:{name}")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(literal_mnemonic(defn.label))  # the label has a buddy: '&' would be a shortcut
    fit_label(label, defn.label, look)
    field = QWidget(parent)
    field.hide()
    field.setObjectName(f"field:{name}")
    mark = QFrame(field)
    mark.setObjectName(f"mark:{name}")
    mark.setProperty("role", "mark")
    mark.setFixedWidth(3)
    lock = QLabel(tr("read-only"), field)
    lock.setObjectName(f"lock:{name}")
    lock.setProperty("role", "lock")
    lock.setTextFormat(Qt.TextFormat.PlainText)
    lock.setPalette(look.lock_palette)
    lock.setFont(look.lock_font)
    lock.hide()
    error = QLabel(field)
    error.setObjectName(f"error:{name}")
    error.setProperty("role", "error")
    error.setTextFormat(Qt.TextFormat.PlainText)
    error.setWordWrap(True)
    error.setPalette(look.error_palette)
    error.hide()
    grid = QGridLayout(field)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setVerticalSpacing(2)
    grid.setColumnStretch(1, 1)
    grid.addWidget(mark, 0, 0)
    grid.addWidget(lock, 0, 2)
    grid.addWidget(error, 1, 1, 1, 2)
    return Row(defn, label, mark, lock, error, grid, field)


def fit_label(label: QLabel, text: str, look: RowLook) -> None:
    """Give `label` (showing `text`) the form's label column width; it wraps if it is too long."""
    if look.label_width:
        label.setFixedWidth(look.label_width)  # every block's label column lines up
        label.setWordWrap(look.needs_wrap(text))


def place_editor(row: Row, editor: PropertyEditor) -> None:
    """Put `editor` into the row, replacing the one there (whose widgets lose their names, so
    automation finds only the new editor's)."""
    old, row.editor = row.editor, editor
    if old is None:
        row.grid.addWidget(editor.widget, 0, 1)
        return
    row.grid.replaceWidget(old.widget, editor.widget)
    for widget in (old.widget, *old.widget.findChildren(QWidget)):
        widget.setObjectName("")
    old.widget.hide()
    old.widget.deleteLater()
    old.deleteLater()


class HeightGuess:
    """How tall a row not built yet will be, from sample widgets measured once per form, so the
    scroll bar covers the whole form from the start and rows appear where they were expected."""

    def __init__(self, parent: QWidget) -> None:
        font = parent.font()

        def sample(widget: QWidget) -> int:
            widget.setFont(font)  # no parent: the samples go with this call, nothing lingers
            return widget.sizeHint().height()

        self.label = sample(QLabel("Xg"))
        self.line = sample(QLineEdit())
        self.combo = sample(QComboBox())
        self.date = max(sample(QDateEdit()), sample(QCheckBox("X")))
        self.check = sample(QCheckBox("X"))
        self.radio = sample(QRadioButton("X"))
        self.tool = sample(QToolButton())
        self.text_area = QFontMetrics(font).lineSpacing() * 4 + 16

    def row(self, kind: EditorKind, choices: int, editable: bool) -> int:
        """`choices`: the buttons a RADIO or MULTI_SELECT row shows; `editable`: RADIO shows its
        "Clear choice" button only then."""
        if kind in (EditorKind.TEXT, EditorKind.NUMBER, EditorKind.READ_ONLY):
            field = self.line
        elif kind in (EditorKind.SELECT, EditorKind.BOOLEAN):
            field = self.combo
        elif kind in (EditorKind.DATE, EditorKind.DATETIME):
            field = self.date
        elif kind is EditorKind.TEXTAREA:
            field = self.text_area
        elif kind is EditorKind.RADIO:
            field = choices * self.radio + max(choices - 1, 0) * 2
            if editable:
                field += 4 + self.tool
        elif kind is EditorKind.MULTI_SELECT:
            columns = 1 if choices <= 8 else 2 if choices <= 24 else 3
            lines = -(-choices // columns)
            field = lines * self.check + max(lines - 1, 0) * 2
        else:  # pragma: no cover - every kind is listed above
            field = self.line
        return max(self.label, field)
