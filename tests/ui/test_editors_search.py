"""A SELECT with many options is searchable: typing part of a label finds it, the stored value is
the option value, typed text that picks nothing goes back, an emptied box means no value; the wheel
over an unfocused one never changes it; a short list stays a plain combo."""

from __future__ import annotations

from typing import NamedTuple

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QScrollArea, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from contact_editor.editing.codecs import EditorKind
from contact_editor.editing.edit_model import EditModel
from contact_editor.hubspot.models import PropertyDefinition, PropertyGroup, PropertyOption
from contact_editor.ui.editors import PropertyEditor, make_editor
from contact_editor.ui.editors_choice import SEARCHABLE_MIN
from contact_editor.ui.form import PropertyForm

# Qt's offscreen platform warns when a completion popup opens; the popup works all the same.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

COUNTRIES = tuple(PropertyOption(f"Land {j:04d}", f"c{j}", j, description="<b>d</b>" if j == 7 else "")
                  for j in range(3000))
COUNTRY = PropertyDefinition(name="country", label="Country", type="enumeration", field_type="select",
                             group_name="g", options=COUNTRIES)


class Host(NamedTuple):
    editor: PropertyEditor
    combo: QComboBox
    line: QLineEdit
    other: QLineEdit
    seen: list[object]
    window: QWidget  # held by the test, so the widgets live until it ends


def host(qtbot: QtBot) -> Host:
    """The editor in a window next to another field (to move the focus to)."""
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    other = QLineEdit(window)
    layout.addWidget(other)
    editor = make_editor(COUNTRY, EditorKind.SELECT, window)
    layout.addWidget(editor.widget)
    editor.set_value(None)
    seen: list[object] = []
    editor.changed.connect(lambda: seen.append(editor.value()))
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    combo = editor.widget
    assert isinstance(combo, QComboBox)
    line = combo.lineEdit()
    assert isinstance(line, QLineEdit)
    return Host(editor, combo, line, other, seen, window)


def test_labels_shown_values_stored(qtbot: QtBot) -> None:
    editor, combo, line, _, seen, _window = host(qtbot)
    assert combo.objectName() == "property:country" and combo.isEditable()
    assert line.objectName() == "property:country/search"
    assert combo.count() == 3001 and combo.itemText(0) == "\N{EM DASH}" and combo.itemData(0) is None
    assert combo.itemText(2001) == "Land 2000"
    assert combo.itemData(2001, Qt.ItemDataRole.UserRole) == "c2000"
    assert combo.itemData(8, Qt.ItemDataRole.ToolTipRole) == "<p>&lt;b&gt;d&lt;/b&gt;</p>"
    editor.set_value("c1234")
    assert editor.value() == "c1234" and combo.currentText() == "Land 1234" and line.text() == "Land 1234"
    combo.setCurrentIndex(combo.findData("c42"))  # automation picks by value, as with every combo
    assert editor.value() == "c42" and seen == ["c42"]


def test_typing_part_of_a_label_finds_and_picks_it(qtbot: QtBot) -> None:
    editor, combo, line, _, seen, _window = host(qtbot)
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    line.selectAll()
    qtbot.keyClicks(line, "2345")  # any part of the label, not only its start
    completer = combo.completer()
    assert completer is not None
    popup = completer.popup()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    assert completer.completionCount() == 1
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert editor.value() == "c2345" and seen == ["c2345"] and line.text() == "Land 2345"


def test_text_that_picks_nothing_goes_back_and_empty_means_no_value(qtbot: QtBot) -> None:
    editor, combo, line, other, seen, _window = host(qtbot)
    editor.set_value("c10")
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    line.selectAll()
    qtbot.keyClicks(line, "no such land")
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    assert editor.value() == "c10" and line.text() == "Land 0010" and seen == []
    combo.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, "land 0007")  # exactly a label, any case
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert editor.value() == "c7" and line.text() == "Land 0007"
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert editor.value() is None and seen == ["c7", None]


def test_no_search_for_short_lists(qtbot: QtBot) -> None:
    few = PropertyDefinition(name="few", label="Few", type="enumeration", field_type="select",
                             options=COUNTRIES[:SEARCHABLE_MIN])
    editor = make_editor(few, EditorKind.SELECT)
    qtbot.addWidget(editor.widget)
    assert isinstance(editor.widget, QComboBox) and not editor.widget.isEditable()


def wheel(widget: QWidget) -> None:
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre)), QPoint(0, 0), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(widget, event)


def test_wheel_over_an_unfocused_searchable_combo_scrolls_the_form(qtbot: QtBot) -> None:
    defs = [PropertyDefinition(name=f"t{i}", label=f"Text {i}", type="string", field_type="text",
                               group_name="g", display_order=i + 1) for i in range(30)]
    defs.append(COUNTRY)
    model = EditModel(defs, {"country": "c5"})
    form = PropertyForm(defs, [PropertyGroup("g", "G", 0)], model)
    qtbot.addWidget(form)
    form.resize(600, 300)
    form.show()
    combo = form.editor("country").widget
    assert isinstance(combo, QComboBox) and combo.isEditable()
    scroll = form.findChild(QScrollArea, "property-form-scroll")
    assert isinstance(scroll, QScrollArea)
    assert not combo.hasFocus()
    line = combo.lineEdit()
    assert line is not None
    for target in (combo, line):
        wheel(target)
    assert form.editor("country").value() == "c5" and model.dirty_names() == []
    assert scroll.verticalScrollBar().value() > 0
