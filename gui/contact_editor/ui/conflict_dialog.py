"""Ask the person what to do when someone else changed a field they changed too.

One row per property: its label, the value when they loaded the contact, the value in HubSpot now,
their unsaved value, and a choice between keeping theirs or taking HubSpot's. Labels and values
are shown literally (plain text): a value "<h1>Huge</h1>" or "A & B <C>" shows those characters.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from contact_editor.editing.conflicts import Conflict
from contact_editor.ui.value_text import human_text

KEEP_MINE = "mine"
TAKE_THEIRS = "theirs"


class ConflictDialog(QDialog):
    def __init__(
        self, conflicts: Sequence[Conflict], parent: QWidget | None = None, *, restoring: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(self.tr("Someone else changed this contact"))
        self._choices: dict[str, QComboBox] = {}
        if restoring:
            text = self.tr(
                "Since you made these changes, someone changed some of the same fields in HubSpot. "
                "For each one, choose which value to keep. Nothing is saved until you press Save."
            )
        else:
            text = self.tr(
                "While you were editing, someone changed some of the same fields in HubSpot. "
                "For each one, choose which value to keep. Nothing has been saved yet."
            )
        intro = QLabel(text, self)
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        table = QWidget(self)
        table.setLayout(self._table(conflicts))
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(table)
        scroll.setMinimumWidth(min(900, table.sizeHint().width() + 24))
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        label = self.tr("Use these choices") if restoring else self.tr("Save with these choices")
        save = buttons.addButton(label, QDialogButtonBox.ButtonRole.AcceptRole)
        save.setObjectName("conflictSaveButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _table(self, conflicts: Sequence[Conflict]) -> QGridLayout:
        grid = QGridLayout()
        headers = (self.tr("Field"), self.tr("When you loaded"), self.tr("In HubSpot now"), self.tr("Yours"))
        for column, text in enumerate((*headers, self.tr("Keep"))):
            header = QLabel(f"<b>{text}</b>", self)
            grid.addWidget(header, 0, column)
        for row, conflict in enumerate(conflicts, start=1):
            defn = conflict.definition
            grid.addWidget(self._plain(defn.label), row, 0)
            for column, value in enumerate((conflict.loaded, conflict.theirs, conflict.yours), start=1):
                label = self._plain(human_text(defn, value))
                label.setWordWrap(True)
                grid.addWidget(label, row, column)
            choice = QComboBox(self)
            choice.setObjectName(f"conflict:{defn.name}")
            choice.addItem(self.tr("Yours"), KEEP_MINE)
            choice.addItem(self.tr("HubSpot's"), TAKE_THEIRS)
            self._choices[defn.name] = choice
            grid.addWidget(choice, row, 4)
        return grid

    def _plain(self, text: str) -> QLabel:
        """A label showing HubSpot's or the person's `text` literally, never as HTML."""
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setText(text)
        return label

    def choices(self) -> dict[str, bool]:
        """{property name: keep mine?}"""
        return {name: combo.currentData() == KEEP_MINE for name, combo in self._choices.items()}


def ask_about_conflicts(
    parent: QWidget, conflicts: Sequence[Conflict], *, restoring: bool = False
) -> dict[str, bool] | None:
    """Show the dialog; the person's choices, or None when they cancelled."""
    dialog = ConflictDialog(conflicts, parent, restoring=restoring)
    try:
        return dialog.choices() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
