"""Drive the real window the way a person would, through its widgets' object names only."""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QWidget,
)

from seed_page import SEED_PAGE_PROPERTIES

LOAD_TIMEOUT_MS = 10_000

# The seed page's PATCH example (../shared/seed): what the window must send for contact 512.
SEED_PAGE_BODY = SEED_PAGE_PROPERTIES


def find(window: QMainWindow, name: str, kind: type[QWidget] = QWidget) -> QWidget:
    widget = window.findChild(kind, name)
    assert widget is not None, f"no widget named {name!r}"
    return widget


def status_text(window: QMainWindow) -> str:
    label = find(window, "statusMessage", QLabel)
    assert isinstance(label, QLabel)
    return label.text()


def click(qtbot, window: QMainWindow, name: str) -> None:  # type: ignore[no-untyped-def]
    button = find(window, name, QAbstractButton)
    assert button.isEnabled(), f"{name} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def load(qtbot, window: QMainWindow, contact_id: str) -> None:  # type: ignore[no-untyped-def]
    edit = find(window, "contactIdEdit", QLineEdit)
    assert isinstance(edit, QLineEdit)
    edit.clear()
    qtbot.keyClicks(edit, contact_id)
    click(qtbot, window, "loadButton")
    qtbot.waitUntil(lambda: not window.runner.is_running(), timeout=LOAD_TIMEOUT_MS)


def save(qtbot, window: QMainWindow) -> None:  # type: ignore[no-untyped-def]
    click(qtbot, window, "saveButton")
    qtbot.waitUntil(lambda: not window.runner.is_running(), timeout=LOAD_TIMEOUT_MS)


def type_text(qtbot, window: QMainWindow, prop: str, text: str) -> None:  # type: ignore[no-untyped-def]
    edit = find(window, f"property:{prop}", QLineEdit)
    assert isinstance(edit, QLineEdit)
    edit.selectAll()
    qtbot.keyClicks(edit, text) if text else edit.clear()
    if not text:
        edit.textEdited.emit("")


def choose(window: QMainWindow, prop: str, value: str | None) -> None:
    combo = find(window, f"property:{prop}", QComboBox)
    assert isinstance(combo, QComboBox)
    index = combo.findData(value)
    assert index >= 0, f"{prop} offers no {value!r}"
    combo.setCurrentIndex(index)


def press_option(qtbot, window: QMainWindow, prop: str, value: str, checked: bool = True) -> None:  # type: ignore[no-untyped-def]
    button = find(window, f"property:{prop}:{value}", QAbstractButton)
    assert isinstance(button, QAbstractButton)
    if button.isChecked() != checked:
        qtbot.mouseClick(
            button, Qt.MouseButton.LeftButton, pos=button.rect().topLeft() + button.rect().center() / 4
        )
    assert button.isChecked() == checked


def set_date(window: QMainWindow, prop: str, day: datetime.date | None) -> None:
    box = find(window, f"property:{prop}/set", QCheckBox)
    assert isinstance(box, QCheckBox)
    if day is None:
        box.setChecked(False)
        return
    box.setChecked(True)
    edit = find(window, f"property:{prop}/date", QDateEdit)
    assert isinstance(edit, QDateEdit)
    edit.setDate(QDate(day.year, day.month, day.day))


def error_text(window: QMainWindow, prop: str) -> str:
    label = find(window, f"error:{prop}", QLabel)
    assert isinstance(label, QLabel)
    return label.text() if label.isVisibleTo(window) else ""


def save_enabled(window: QMainWindow) -> bool:
    button = find(window, "saveButton", QPushButton)
    return button.isEnabled()


def enter_seed_page_values(qtbot, window: QMainWindow) -> None:  # type: ignore[no-untyped-def]
    """checkbox false, date 2019-10-31, dropdown choice_b, multi chocolate+strawberry, number 17,
    radio option_1, string "value" — the seed page's example, entered through the widgets."""
    choose(window, "property_checkbox", "false")
    set_date(window, "property_date", datetime.date(2019, 10, 31))
    choose(window, "property_dropdown", "choice_b")
    for option in ("vanilla", "mint", "cookie_dough"):
        press_option(qtbot, window, "property_multiple_checkboxes", option, checked=False)
    press_option(qtbot, window, "property_multiple_checkboxes", "chocolate")
    press_option(qtbot, window, "property_multiple_checkboxes", "strawberry")
    type_text(qtbot, window, "property_number", "17")
    press_option(qtbot, window, "property_radio", "option_1")
    type_text(qtbot, window, "property_string", "value")
