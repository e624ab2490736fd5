"""Choice editors with one button per choice: RADIO (radio buttons and "Clear choice") and
MULTI_SELECT (tick boxes). Labels are shown and option values stored; hidden options are offered
only while the contact holds one; a held value that is no option at all (an orphan, F06) is shown as
"<value> (no longer an option)". Labels show '&' literally; description tooltips are escaped.

Keyboard (RADIO): like any radio group, Tab enters the group on the chosen option (the first one
when none is chosen), the arrow keys move between the options, and the next Tab goes to "Clear
choice", which is drawn under them (the form, which steers Tab itself, takes a row's Tab stops in
the order of its widgets' children, which the radio editor keeps as drawn).
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from contact_editor.editing.codecs import EditorKind, Value
from contact_editor.hubspot.models import PropertyDefinition, PropertyOption
from contact_editor.ui.editors_base import (
    PropertyEditor,
    choices,
    literal_mnemonic,
    object_name,
    option_object_name,
    plain_tooltip,
    tr,
)

_Choice = tuple[str, str, PropertyOption | None]
_STRONG = Qt.FocusPolicy.StrongFocus


class _ButtonListEditor(PropertyEditor):
    """A container "property:<name>" holding one button per choice ("property:<name>:<value>")."""

    def __init__(self, defn: PropertyDefinition, kind: EditorKind, parent: QWidget | None) -> None:
        box = QWidget(parent)
        super().__init__(defn, kind, box, parent)
        self._box = box
        self._items: list[_Choice] = []
        self._buttons: list[tuple[str, QAbstractButton]] = []

    def _new_button(self, label: str, option: PropertyOption | None) -> QAbstractButton:
        raise NotImplementedError

    def _place(self, buttons: list[QAbstractButton]) -> None:
        raise NotImplementedError

    def _is_enabled(self, option: PropertyOption | None) -> bool:
        return True

    def _forget(self, button: QAbstractButton) -> None:
        """Called before an old button is deleted."""

    def _rebuild(self, held: tuple[str, ...]) -> None:
        """Buttons for the choices that `held` needs; existing buttons are reused, extra ones go."""
        items = choices(self.definition, held)
        if items == self._items and self._buttons:
            return
        spare = {(value, label): button for (value, button), (label, _, _) in zip(
            self._buttons, self._items, strict=True)}
        buttons = []
        for label, value, option in items:
            button = spare.pop((value, label), None) or self._create(label, value, option)
            buttons.append((value, button))
        for old in spare.values():
            self._forget(old)
            old.hide()
            old.deleteLater()
        self._items, self._buttons = items, buttons
        self._place([button for _, button in buttons])
        for _, button in buttons:
            button.setVisible(True)
        self._lock(self._read_only)
        if buttons:
            self._box.setFocusProxy(buttons[0][1])

    def _create(self, label: str, value: str, option: PropertyOption | None) -> QAbstractButton:
        button = self._new_button(label, option)
        button.setObjectName(option_object_name(self.definition, value))
        if option is not None and option.description:
            button.setToolTip(plain_tooltip(option.description))
        return button

    def _lock(self, read_only: bool) -> None:
        for (_, button), (_, _, option) in zip(self._buttons, self._items, strict=True):
            button.setEnabled(not read_only and self._is_enabled(option))


class RadioEditor(_ButtonListEditor):
    """RADIO: exclusive radio buttons, and under the last one, aligned left, a "Clear choice" tool
    button ("property:<name>/clear") for no value (enabled while an option is chosen; hidden when the
    field is read-only). An orphan value is a disabled, checked "<value> (no longer an option)" radio."""

    def __init__(self, defn: PropertyDefinition, kind: EditorKind, parent: QWidget | None = None) -> None:
        super().__init__(defn, kind, parent)
        self._group = QButtonGroup(self._box)
        self._list = QVBoxLayout()
        self._list.setContentsMargins(0, 0, 0, 0)
        self._list.setSpacing(2)
        self._clear = QToolButton(self._box)
        self._clear.setObjectName(object_name(defn, "clear"))
        self._clear.setText(tr("Clear choice"))
        self._clear.setToolTip(tr("Leave this field without a value"))
        self._clear.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self._box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self._list)
        layout.addWidget(self._clear, 0, Qt.AlignmentFlag.AlignLeft)
        self._rebuild(())
        self._sync_clear()
        self._group.buttonToggled.connect(self._on_toggled)
        self._clear.clicked.connect(self._on_clear)

    def value(self) -> Value:
        return next((value for value, button in self._buttons if button.isChecked()), None)

    def _show(self, value: Value) -> None:
        held = (value,) if isinstance(value, str) else ()
        self._rebuild(held)
        self._uncheck_all()
        for option_value, button in self._buttons:
            if option_value in held:
                button.setChecked(True)
        self._sync_clear()

    def _new_button(self, label: str, option: PropertyOption | None) -> QAbstractButton:
        button = QRadioButton(literal_mnemonic(label), self._box)
        self._group.addButton(button)
        return button

    def _place(self, buttons: list[QAbstractButton]) -> None:
        while self._list.takeAt(0) is not None:
            pass
        for button in buttons:
            self._list.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)  # as wide as it looks
        parts: list[QWidget] = [*buttons, self._clear]
        for first, second in itertools.pairwise(parts):
            QWidget.setTabOrder(first, second)  # Qt's Tab order, as drawn
        for part in parts:
            part.raise_()  # and the box's children in that order, which the form's Tab follows

    def _is_enabled(self, option: PropertyOption | None) -> bool:
        return option is not None

    def _forget(self, button: QAbstractButton) -> None:
        self._group.removeButton(button)

    def _lock(self, read_only: bool) -> None:
        super()._lock(read_only)
        self._sync_clear()

    def _sync_clear(self) -> None:
        self._clear.setVisible(not self._read_only)
        self._clear.setEnabled(not self._read_only and self.value() is not None)
        self._sync_entry()

    def _sync_entry(self) -> None:
        """As in any radio group, only one option is a Tab stop: the chosen one (the first that can
        be chosen when none is, or the chosen one is an orphan). The arrow keys reach the others; Qt
        moves the stop to the option the arrows leave the focus on."""
        enabled = [button for _, button in self._buttons if button.isEnabled()]
        entry = next((button for button in enabled if button.isChecked()), enabled[0] if enabled else None)
        for _, button in self._buttons:
            button.setFocusPolicy(_STRONG if button is entry else Qt.FocusPolicy.ClickFocus)
        if entry is not None:
            self._box.setFocusProxy(entry)

    def _uncheck_all(self) -> None:
        self._group.setExclusive(False)
        for _, button in self._buttons:
            button.setChecked(False)
        self._group.setExclusive(True)

    def _on_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        self._sync_clear()
        if checked:
            self._user_edit()

    def _on_clear(self) -> None:
        with self._silently():
            self._uncheck_all()
        self._sync_clear()
        self._user_edit()


class MultiSelectEditor(_ButtonListEditor):
    """MULTI_SELECT: one check box per option; value() is the tuple of ticked values in option order,
    then ticked orphans ("<value> (no longer an option)" boxes, which the user may untick)."""

    def __init__(self, defn: PropertyDefinition, kind: EditorKind, parent: QWidget | None = None) -> None:
        super().__init__(defn, kind, parent)
        self._grid = QGridLayout(self._box)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setVerticalSpacing(2)
        self._rebuild(())

    def value(self) -> Value:
        return tuple(value for value, button in self._buttons if button.isChecked())

    def _show(self, value: Value) -> None:
        held = value if isinstance(value, tuple) else ()
        self._rebuild(held)
        for option_value, button in self._buttons:
            button.setChecked(option_value in held)

    def _new_button(self, label: str, option: PropertyOption | None) -> QAbstractButton:
        button = QCheckBox(literal_mnemonic(label), self._box)
        button.toggled.connect(self._user_edit)
        return button

    def _place(self, buttons: list[QAbstractButton]) -> None:
        while self._grid.takeAt(0) is not None:
            pass
        columns = 1 if len(buttons) <= 8 else 2 if len(buttons) <= 24 else 3
        rows = -(-len(buttons) // columns)
        for index, button in enumerate(buttons):
            self._grid.addWidget(button, index % rows, index // rows, Qt.AlignmentFlag.AlignLeft)
        self._grid.setColumnStretch(columns, 1)
