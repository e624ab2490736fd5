"""The window's top bar (contact ID, Load, Save) and the message banner under it."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QWidget

_BANNER_STYLE = """
QLabel#statusMessage { padding: 8px 10px; border-radius: 4px; border: 1px solid #c9d3dd;
                       background: #f2f5f8; color: #1f2d3d; }
QLabel#statusMessage[level="error"] { background: #fdecea; border-color: #e0a39c; color: #7a1f14; }
QLabel#statusMessage[level="success"] { background: #e9f6ec; border-color: #9fd0aa; color: #1d5b2b; }
QLabel#statusMessage[level="busy"] { background: #fff7e0; border-color: #e5cf8a; color: #5c4700; }
"""


class Banner(QLabel):
    """The latest message to the user (objectName `statusMessage`), coloured by its kind."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusMessage")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)  # messages may quote HubSpot's own words
        # A long unbreakable word (a pasted ID, say) must not widen the window past the screen.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(1)
        self.setStyleSheet(_BANNER_STYLE)
        self.setProperty("level", "info")

    def _show(self, level: str, text: str) -> None:
        self.setText(text)
        self.setProperty("level", level)
        self.style().unpolish(self)
        self.style().polish(self)

    def show_info(self, text: str) -> None:
        self._show("info", text)

    def show_busy(self, text: str) -> None:
        self._show("busy", text)

    def show_success(self, text: str) -> None:
        self._show("success", text)

    def show_error(self, text: str) -> None:
        self._show("error", text)

    @property
    def level(self) -> str:
        return str(self.property("level"))


class ElidedLabel(QLabel):
    """Plain text on one line, shortened with "…" to the room it has (never widens the window)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)  # names from HubSpot may contain "<h1>"
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(1)

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(self.width(), 40)
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width))


class TopBar(QWidget):
    """Contact ID box, Load, the loaded contact's name, Discard and Save."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self.tr("Contact ID:"), self)
        self.id_edit = QLineEdit(self)
        self.id_edit.setObjectName("contactIdEdit")
        self.id_edit.setPlaceholderText(self.tr("for example 512"))
        self.id_edit.setMaximumWidth(180)
        self.id_edit.setMaxLength(40)
        label.setBuddy(self.id_edit)
        self.load_button = QPushButton(self.tr("&Load"), self)
        self.load_button.setObjectName("loadButton")
        self.title = ElidedLabel(self)
        self.title.setObjectName("contactTitle")
        self.title.setStyleSheet("font-weight: bold;")
        self.revert_button = QPushButton(self.tr("&Discard changes"), self)
        self.revert_button.setObjectName("revertButton")
        self.save_button = QPushButton(self.tr("&Save"), self)
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        for widget in (label, self.id_edit, self.load_button):
            layout.addWidget(widget)
        layout.addSpacing(16)
        layout.addWidget(self.title, 1)
        layout.addWidget(self.revert_button)
        layout.addWidget(self.save_button)

    def show_contact(self, contact_id: str, values: Mapping[str, object]) -> None:
        """The loaded contact's name, email and ID; `values` are what the form shows as loaded."""

        def text(name: str) -> str:
            value = values.get(name)
            return value.strip() if isinstance(value, str) else ""

        name = " ".join(p for p in (text("firstname"), text("lastname")) if p)
        parts = [name or self.tr("(no name)")]
        if text("email"):
            parts.append(text("email"))
        parts.append(self.tr("ID {id}").format(id=contact_id))
        self.title.set_full_text(" · ".join(parts))
        self.id_edit.setText(contact_id)
