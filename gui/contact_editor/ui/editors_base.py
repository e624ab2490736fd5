"""The common base of the property editors, and small helpers they share.

A `PropertyEditor` wraps the widget(s) for one property. `set_value` shows a value without emitting
`changed`; any other change of the widgets (the user, or automation driving the widgets) that changes
`value()`, `is_valid()` or `typed_text()` emits `changed` once.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from html import escape

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette, QWheelEvent
from PySide6.QtWidgets import QLabel, QWidget

from contact_editor.editing.codecs import EditorKind, Value
from contact_editor.hubspot.models import PropertyDefinition, PropertyOption

NO_VALUE_TEXT = "\N{EM DASH}"


def tr(text: str) -> str:
    return QCoreApplication.translate("PropertyEditor", text)


def object_name(defn: PropertyDefinition, part: str | None = None) -> str:
    """"property:<name>" for an editor's main widget; "property:<name>/<part>" for its helpers
    (property names never contain '/' or ':', so these never clash with "property:<name>:<value>")."""
    return f"property:{defn.name}" if part is None else f"property:{defn.name}/{part}"


def option_object_name(defn: PropertyDefinition, value: str) -> str:
    return f"property:{defn.name}:{value}"


def unknown_label(value: str) -> str:
    """How a held value that is no option (any more) is shown: the value itself, then a plain note."""
    return tr("{0} (no longer an option)").format(value)


def literal_mnemonic(text: str) -> str:
    """`text` for a button, group box title or buddied label, where '&' would otherwise mark a
    keyboard shortcut and vanish ("R&D" showing as "RD"): every '&' is shown as itself."""
    return text.replace("&", "&&")


def plain_tooltip(text: str) -> str:
    """A tooltip showing HubSpot text literally: Qt renders a tooltip that looks like HTML as HTML,
    so the text is escaped inside a paragraph (line breaks kept). Empty text gives no tooltip."""
    if not text:
        return ""
    return "<p>" + escape(text).replace("\n", "<br>") + "</p>"


ERROR_COLOR = QColor("#c62828")
CHANGED_COLOR = QColor("#e08a00")
_INVALID_SHEET = "QLineEdit { border: 1px solid #c62828; }"


def set_flag(widget: QWidget, name: str, on: bool) -> None:
    """Set a boolean dynamic property ("changed", "locked", "invalid") and show it.

    The look comes from the widget's own font and palette, never from a style sheet on the form
    (one there makes Qt re-polish every child of the form, which is slow with thousands of fields):
    "changed" makes a label bold and fills a change bar (role "mark") with orange; "locked" gives a
    text field the window's background; "invalid" draws a red border (a tiny style sheet on that one
    line edit, only while it is invalid)."""
    if bool(widget.property(name)) == on:
        return
    widget.setProperty(name, on)
    _show_flags(widget)


def _show_flags(widget: QWidget) -> None:
    changed = widget.property("changed") is True
    if isinstance(widget, QLabel):
        font = QFont()
        if changed:
            font.setBold(True)
        widget.setFont(font)  # only the weight is set: the rest follows the parent's font
        return
    if widget.property("role") == "mark":
        if changed and not widget.autoFillBackground():
            palette = QPalette()
            palette.setColor(QPalette.ColorRole.Window, CHANGED_COLOR)
            widget.setPalette(palette)
        widget.setAutoFillBackground(changed)
        return
    palette = QPalette()
    if widget.property("locked") is True:
        palette.setColor(QPalette.ColorRole.Base, widget.palette().color(QPalette.ColorRole.Window))
    widget.setPalette(palette)
    invalid = widget.property("invalid") is True
    if invalid != bool(widget.styleSheet()):
        widget.setStyleSheet(_INVALID_SHEET if invalid else "")


class WheelGuard(QObject):
    """Stops wheel events from changing a value, focused or not (a person who picks a value and then
    scrolls the page must not change it unnoticed); the wheel scrolls the form instead. Open lists
    (a combo box's popup) are separate widgets and scroll as usual.

    The event is handed up the parent chain by hand (as Qt would for a spontaneous event it was
    told to ignore) so that synthetic events behave the same, and then accepted here so Qt does not
    propagate it a second time."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, QWidget):
            return False
        if isinstance(event, QWheelEvent):
            _propagate_wheel(watched, event)
        event.accept()
        return True


def _propagate_wheel(widget: QWidget, event: QWheelEvent) -> None:
    position = event.position()
    while not widget.isWindow() and not widget.testAttribute(Qt.WidgetAttribute.WA_NoMousePropagation):
        parent = widget.parentWidget()
        if parent is None:
            return
        position = widget.mapToParent(position)
        widget = parent
        copy = QWheelEvent(position, event.globalPosition(), event.pixelDelta(), event.angleDelta(),
                           event.buttons(), event.modifiers(), event.phase(), event.inverted(),
                           event.source())
        copy.setAccepted(True)
        QCoreApplication.sendEvent(widget, copy)
        if copy.isAccepted():
            return


def choices(defn: PropertyDefinition, held: tuple[str, ...]) -> list[tuple[str, str, PropertyOption | None]]:
    """(label, value, option) to offer: visible options and held hidden ones in option order, then
    held values that are no option at all (orphans, option None)."""
    known = {o.value for o in defn.options}
    items: list[tuple[str, str, PropertyOption | None]] = [
        (o.label, o.value, o) for o in defn.options if not o.hidden or o.value in held
    ]
    seen: set[str] = set()
    for value in held:
        if value not in known and value not in seen:
            seen.add(value)
            items.append((unknown_label(value), value, None))
    return items


def value_fits(kind: EditorKind, value: Value) -> bool:
    """Whether an editor of `kind` can show `value` (an undecodable value arrives as raw text)."""
    if kind in (EditorKind.TEXT, EditorKind.TEXTAREA, EditorKind.READ_ONLY):
        return isinstance(value, str)
    if kind in (EditorKind.SELECT, EditorKind.RADIO):
        return value is None or isinstance(value, str)
    if kind is EditorKind.MULTI_SELECT:
        return isinstance(value, tuple)
    if value is None:
        return True
    if kind is EditorKind.NUMBER:
        return isinstance(value, Decimal)
    if kind is EditorKind.BOOLEAN:
        return isinstance(value, bool)
    if kind is EditorKind.DATETIME:
        return isinstance(value, datetime.datetime)
    if kind is EditorKind.DATE:
        return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
    return False


class PropertyEditor(QObject):
    """Wraps the widget(s) for one property. Subclasses implement `_show`, `value` and `_lock`."""

    changed = Signal()
    always_read_only = False  # True for editors that can never edit (e.g. options kept elsewhere)

    def __init__(
        self, defn: PropertyDefinition, kind: EditorKind, widget: QWidget, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.definition = defn
        self.kind = kind
        self.widget = widget
        widget.setObjectName(object_name(defn))
        widget.setAccessibleName(defn.label)
        self._loading = False
        self._read_only = False
        self._wheel_guard = WheelGuard(self)
        self._last: tuple[Value, bool, str | None] = (None, True, None)

    # -- public API ------------------------------------------------------------------------------
    def value(self) -> Value:
        raise NotImplementedError

    def is_valid(self) -> bool:
        """False while the widget holds text that is not a value (then `value()` is the last valid one)."""
        return True

    def typed_text(self) -> str | None:
        """While `is_valid()` is False: the text on screen that is no value, exactly as typed (a
        draft keeps it); None otherwise, and for editors that never hold such text."""
        return None

    def put_typed(self, text: str) -> bool:
        """Show `text` as if the person had typed it (`changed` is emitted as typing would; text
        that is no value marks the editor invalid). False when this editor holds no typed text."""
        return False

    def set_value(self, value: Value) -> None:
        with self._silently():
            self._show(value)
        self._last = self._now()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only or self.always_read_only
        self._lock(self._read_only)

    def is_read_only(self) -> bool:
        return self._read_only

    # -- for subclasses --------------------------------------------------------------------------
    def _show(self, value: Value) -> None:
        raise NotImplementedError

    def _lock(self, read_only: bool) -> None:
        raise NotImplementedError

    def _guard_wheel(self, widget: QWidget) -> None:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.installEventFilter(self._wheel_guard)

    @contextmanager
    def _silently(self) -> Iterator[None]:
        previous, self._loading = self._loading, True
        try:
            yield
        finally:
            self._loading = previous

    def _now(self) -> tuple[Value, bool, str | None]:
        return (self.value(), self.is_valid(), self.typed_text())

    def _user_edit(self, *_args: object) -> None:
        """Slot for the widgets' change signals: emit `changed` once per real change."""
        if self._loading:
            return
        current = self._now()
        if current != self._last:
            self._last = current
            self.changed.emit()
