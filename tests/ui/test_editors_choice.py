"""BOOLEAN, SELECT, RADIO and MULTI_SELECT editors: labels shown, values stored, orphans kept (F06),
three-state booleans (F04), external options read-only (F07), and no value change by the wheel."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QKeySequence, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from contact_editor.editing.codecs import EditorKind
from contact_editor.hubspot.models import PropertyDefinition, PropertyOption
from contact_editor.ui.editors import PropertyEditor, make_editor

W = TypeVar("W", bound=QWidget)

OPTIONS = (
    PropertyOption("Under 5k", "under_5k", 0),
    PropertyOption("5k to 50k", "5k_50k", 1),
    PropertyOption("Retired", "retired", 2, hidden=True),
    PropertyOption("Over 50k", "over_50k", 3),
)


def enum_defn(
    name: str, field_type: str, options: tuple[PropertyOption, ...] = OPTIONS
) -> PropertyDefinition:
    return PropertyDefinition(name=name, label="Visitors", type="enumeration", field_type=field_type,
                              options=options)


def bool_defn(options: tuple[PropertyOption, ...] = ()) -> PropertyDefinition:
    return PropertyDefinition(name="opt_in", label="Opt in", type="bool", field_type="booleancheckbox",
                              options=options)


def build(qtbot: QtBot, d: PropertyDefinition, kind: EditorKind) -> tuple[PropertyEditor, list[int]]:
    editor = make_editor(d, kind)
    qtbot.addWidget(editor.widget)
    editor.widget.show()
    hits: list[int] = []
    editor.changed.connect(lambda: hits.append(1))
    return editor, hits


def combo_items(combo: QComboBox) -> list[tuple[str, object]]:
    return [(combo.itemText(i), combo.itemData(i, Qt.ItemDataRole.UserRole)) for i in range(combo.count())]


def combo_of(editor: PropertyEditor) -> QComboBox:
    assert isinstance(editor.widget, QComboBox)
    return editor.widget


def child(editor: PropertyEditor, kind: type[W], name: str) -> W:
    found = editor.widget.findChild(kind, name)
    assert found is not None, name
    return found


def wheel(widget: QWidget) -> None:
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre)), QPoint(0, 0), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(widget, event)


# -- BOOLEAN --------------------------------------------------------------------------------------

def test_boolean_three_states_round_trip(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, bool_defn(), EditorKind.BOOLEAN)
    combo = combo_of(editor)
    assert isinstance(combo, QComboBox) and combo.objectName() == "property:opt_in"
    assert combo_items(combo) == [("\N{EM DASH}", ""), ("Yes", "true"), ("No", "false")]
    for value in (True, False, None):
        editor.set_value(value)
        assert editor.value() is value
    assert hits == []


def test_boolean_unanswered_loads_as_unanswered_and_user_choice_emits(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, bool_defn(), EditorKind.BOOLEAN)
    editor.set_value(None)
    assert editor.value() is None and combo_items(combo_of(editor))[combo_of(editor).currentIndex()][1] == ""
    editor.widget.setFocus()
    qtbot.keyClick(editor.widget, Qt.Key.Key_Down)
    assert editor.value() is True and hits == [1]
    qtbot.keyClick(editor.widget, Qt.Key.Key_Down)
    assert editor.value() is False and hits == [1, 1]


def test_boolean_uses_the_definition_labels(qtbot: QtBot) -> None:
    options = (PropertyOption("True", "true"), PropertyOption("False", "false"))
    editor, _ = build(qtbot, bool_defn(options), EditorKind.BOOLEAN)
    assert [text for text, _ in combo_items(combo_of(editor))][1:] == ["True", "False"]


def test_boolean_read_only_is_disabled(qtbot: QtBot) -> None:
    editor, _ = build(qtbot, bool_defn(), EditorKind.BOOLEAN)
    editor.set_read_only(True)
    assert not editor.widget.isEnabled() and editor.is_read_only()


# -- SELECT ---------------------------------------------------------------------------------------

def test_select_items_show_labels_store_values_and_omit_hidden(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, enum_defn("visitors", "select"), EditorKind.SELECT)
    combo = combo_of(editor)
    assert isinstance(combo, QComboBox) and combo.objectName() == "property:visitors"
    assert combo_items(combo) == [("\N{EM DASH}", None), ("Under 5k", "under_5k"), ("5k to 50k", "5k_50k"),
                                  ("Over 50k", "over_50k")]
    editor.set_value("5k_50k")
    assert editor.value() == "5k_50k" and combo.currentText() == "5k to 50k"
    editor.set_value(None)
    assert editor.value() is None and combo.currentIndex() == 0
    assert hits == []
    combo.setCurrentIndex(3)
    assert editor.value() == "over_50k" and hits == [1]


def test_select_shows_a_held_hidden_option(qtbot: QtBot) -> None:
    editor, _ = build(qtbot, enum_defn("visitors", "select"), EditorKind.SELECT)
    editor.set_value("retired")
    assert editor.value() == "retired" and combo_of(editor).currentText() == "Retired"
    editor.set_value("under_5k")
    assert "retired" not in [data for _, data in combo_items(combo_of(editor))]


def test_select_orphan_is_kept_until_the_user_changes_it(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, enum_defn("visitors", "select"), EditorKind.SELECT)
    editor.set_value("lt5k_old")
    combo = combo_of(editor)
    assert combo.currentText() == "lt5k_old (no longer an option)" and editor.value() == "lt5k_old"
    assert combo_items(combo)[-1] == ("lt5k_old (no longer an option)", "lt5k_old")
    combo.setCurrentIndex(1)
    assert editor.value() == "under_5k" and hits == [1]
    combo.setCurrentIndex(combo.count() - 1)  # the user may go back to it
    assert editor.value() == "lt5k_old"


def test_select_wheel_does_not_change_an_unfocused_combo(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, enum_defn("visitors", "select"), EditorKind.SELECT)
    editor.set_value("5k_50k")
    combo = combo_of(editor)
    assert not combo.hasFocus()
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel does not give it focus either
    wheel(combo)
    assert editor.value() == "5k_50k" and hits == []
    plain = QComboBox()  # the same wheel does change a plain combo: the test can tell
    qtbot.addWidget(plain)
    plain.addItems(["a", "b", "c"])
    plain.show()
    wheel(plain)
    assert plain.currentIndex() == 1


def test_boolean_wheel_does_not_change_it(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, bool_defn(), EditorKind.BOOLEAN)
    editor.set_value(None)
    wheel(editor.widget)
    assert editor.value() is None and hits == []


def test_select_with_external_options_is_raw_read_only_text(qtbot: QtBot) -> None:
    owner = PropertyDefinition(name="hubspot_owner_id", label="Contact owner", type="enumeration",
                               field_type="select", external_options=True, referenced_object_type="OWNER")
    editor, hits = build(qtbot, owner, EditorKind.SELECT)
    editor.set_value("12345")
    assert isinstance(editor.widget, QLineEdit) and editor.widget.isReadOnly()
    assert editor.widget.objectName() == "property:hubspot_owner_id"
    assert editor.widget.text() == "12345" and editor.value() == "12345"
    assert editor.always_read_only
    editor.set_read_only(False)
    assert editor.is_read_only() and hits == []


# -- RADIO ----------------------------------------------------------------------------------------

def test_radio_buttons_names_labels_and_round_trip(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, enum_defn("size", "radio"), EditorKind.RADIO)
    assert editor.widget.objectName() == "property:size"
    buttons = editor.widget.findChildren(QRadioButton)
    assert sorted(b.objectName() for b in buttons) == sorted(
        ["property:size:under_5k", "property:size:5k_50k", "property:size:over_50k"])
    button = child(editor, QRadioButton, "property:size:5k_50k")
    assert isinstance(button, QRadioButton) and button.text() == "5k to 50k"
    editor.set_value("5k_50k")
    assert button.isChecked() and editor.value() == "5k_50k"
    editor.set_value(None)
    assert editor.value() is None and not button.isChecked()
    assert hits == []


def test_radio_user_clicks_and_clear(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, enum_defn("size", "radio"), EditorKind.RADIO)
    editor.set_value("under_5k")
    qtbot.mouseClick(child(editor, QRadioButton, "property:size:over_50k"), Qt.MouseButton.LeftButton)
    assert editor.value() == "over_50k" and hits == [1]
    qtbot.mouseClick(child(editor, QRadioButton, "property:size:over_50k"), Qt.MouseButton.LeftButton)
    assert hits == [1]  # clicking the checked one changes nothing
    qtbot.mouseClick(child(editor, QToolButton, "property:size/clear"), Qt.MouseButton.LeftButton)
    assert editor.value() is None and hits == [1, 1]
    assert not any(b.isChecked() for b in editor.widget.findChildren(QRadioButton))


def test_radio_orphan_is_a_disabled_checked_button(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, enum_defn("size", "radio"), EditorKind.RADIO)
    editor.set_value("lt5k_old")
    orphan = child(editor, QRadioButton, "property:size:lt5k_old")
    assert isinstance(orphan, QRadioButton)
    assert orphan.text() == "lt5k_old (no longer an option)" and orphan.isChecked() and not orphan.isEnabled()
    assert editor.value() == "lt5k_old"
    qtbot.mouseClick(child(editor, QRadioButton, "property:size:under_5k"), Qt.MouseButton.LeftButton)
    assert editor.value() == "under_5k" and not orphan.isChecked() and hits == [1]
    editor.set_value("under_5k")
    qtbot.waitUntil(lambda: editor.widget.findChild(QRadioButton, "property:size:lt5k_old") is None)


def test_radio_read_only(qtbot: QtBot) -> None:
    editor, _ = build(qtbot, enum_defn("size", "radio"), EditorKind.RADIO)
    editor.set_value("under_5k")
    editor.set_read_only(True)
    assert not any(b.isEnabled() for b in editor.widget.findChildren(QRadioButton))
    assert not child(editor, QToolButton, "property:size/clear").isEnabled()
    editor.set_read_only(False)
    assert child(editor, QRadioButton, "property:size:over_50k").isEnabled()


def _radio_between_two_boxes(qtbot: QtBot) -> tuple[QWidget, PropertyEditor, QLineEdit, QLineEdit]:
    """A radio editor between two line edits "before" and "after" in one window, made in the order
    they are drawn."""
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    before = QLineEdit(window)
    before.setObjectName("before")
    layout.addWidget(before)
    editor = make_editor(enum_defn("size", "radio"), EditorKind.RADIO, window)
    layout.addWidget(editor.widget)
    after = QLineEdit(window)
    after.setObjectName("after")
    layout.addWidget(after)
    window.show()
    qtbot.waitExposed(window)
    return window, editor, before, after


def _tab_walk(qtbot: QtBot, start: QWidget, key: Qt.Key, steps: int) -> list[str]:
    start.setFocus()
    qtbot.waitUntil(start.hasFocus)
    seen = []
    for _ in range(steps):
        focus = QApplication.focusWidget()
        assert focus is not None
        qtbot.keyClick(focus, key)
        focus = QApplication.focusWidget()
        seen.append(focus.objectName() if focus is not None else "")
    return seen


def test_radio_tab_enters_on_the_chosen_option_then_reaches_clear_choice(qtbot: QtBot) -> None:
    """Tab follows what is drawn: the options, then "Clear choice" under them (it was made first and
    came first); like any radio group, Tab enters on the chosen option and the arrows move on."""
    _window, editor, before, after = _radio_between_two_boxes(qtbot)
    editor.set_value("5k_50k")
    assert _tab_walk(qtbot, before, Qt.Key.Key_Tab, 3) == [
        "property:size:5k_50k", "property:size/clear", "after"]
    assert _tab_walk(qtbot, after, Qt.Key.Key_Backtab, 3) == [
        "property:size/clear", "property:size:5k_50k", "before"]
    editor.set_value(None)  # nothing chosen: the first option, and "Clear choice" is off
    assert _tab_walk(qtbot, before, Qt.Key.Key_Tab, 2) == ["property:size:under_5k", "after"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)  # arrows move through the options
    assert QApplication.focusWidget().objectName() == "property:size:5k_50k"
    editor.set_value("over_50k")  # chosen by the program: Tab still enters there
    assert _tab_walk(qtbot, before, Qt.Key.Key_Tab, 1) == ["property:size:over_50k"]


def test_radio_tab_skips_a_chosen_orphan_and_keeps_the_drawn_order(qtbot: QtBot) -> None:
    _window, editor, before, _ = _radio_between_two_boxes(qtbot)
    editor.set_value("lt5k_old")  # a disabled orphan button, made after "Clear choice"
    assert _tab_walk(qtbot, before, Qt.Key.Key_Tab, 3) == [
        "property:size:under_5k", "property:size/clear", "after"]
    parts = [w.objectName() for w in editor.widget.findChildren(QAbstractButton)]
    assert parts == ["property:size:under_5k", "property:size:5k_50k", "property:size:over_50k",
                     "property:size:lt5k_old", "property:size/clear"]  # the form's Tab takes this order


# -- MULTI_SELECT ---------------------------------------------------------------------------------

def test_multi_select_round_trip_in_option_order(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, enum_defn("flavours", "checkbox"), EditorKind.MULTI_SELECT)
    assert editor.widget.objectName() == "property:flavours"
    names = [b.objectName() for b in editor.widget.findChildren(QCheckBox)]
    assert sorted(names) == sorted(["property:flavours:under_5k", "property:flavours:5k_50k",
                                    "property:flavours:over_50k"])
    editor.set_value(("over_50k", "under_5k"))
    assert editor.value() == ("under_5k", "over_50k")
    editor.set_value(())
    assert editor.value() == ()
    assert hits == []


def test_multi_select_user_ticks_emit(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, enum_defn("flavours", "checkbox"), EditorKind.MULTI_SELECT)
    editor.set_value(("over_50k",))
    qtbot.mouseClick(child(editor, QCheckBox, "property:flavours:5k_50k"), Qt.MouseButton.LeftButton)
    assert editor.value() == ("5k_50k", "over_50k") and hits == [1]


def test_multi_select_keeps_orphans_and_hidden_held_options(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, enum_defn("flavours", "checkbox"), EditorKind.MULTI_SELECT)
    editor.set_value(("retired", "under_5k", "gone"))
    assert editor.value() == ("under_5k", "retired", "gone")
    orphan = child(editor, QCheckBox, "property:flavours:gone")
    assert isinstance(orphan, QCheckBox) and orphan.isChecked()
    assert orphan.text() == "gone (no longer an option)"
    qtbot.mouseClick(child(editor, QCheckBox, "property:flavours:over_50k"), Qt.MouseButton.LeftButton)
    assert editor.value() == ("under_5k", "retired", "over_50k", "gone")
    qtbot.mouseClick(orphan, Qt.MouseButton.LeftButton)  # the user may drop an orphan
    assert editor.value() == ("under_5k", "retired", "over_50k") and hits == [1, 1]


def test_multi_select_read_only(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, enum_defn("flavours", "checkbox"), EditorKind.MULTI_SELECT)
    editor.set_read_only(True)
    box = child(editor, QCheckBox, "property:flavours:under_5k")
    assert not box.isEnabled()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert editor.value() == () and hits == []


# -- usability: where "Clear choice" sits, read-only, data shown literally --------------------------

HTML = "<h1>Big</h1><img src='x.png'>"


def test_radio_clear_choice_sits_under_the_last_option_aligned_left(qtbot: QtBot) -> None:
    editor, _ = build(qtbot, enum_defn("size", "radio"), EditorKind.RADIO)
    editor.set_value("under_5k")
    editor.widget.resize(400, 200)
    qtbot.waitExposed(editor.widget)
    clear = child(editor, QToolButton, "property:size/clear")
    assert clear.text() == "Clear choice" and clear.toolTip()
    radios = sorted(editor.widget.findChildren(QRadioButton), key=lambda b: b.y())
    assert clear.geometry().top() > radios[-1].geometry().bottom()  # its own line, after the last option
    assert clear.x() == radios[0].x()
    assert clear.geometry().right() < editor.widget.width() / 2


def test_radio_clear_choice_is_enabled_only_when_something_is_chosen(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, enum_defn("size", "radio"), EditorKind.RADIO)
    clear = child(editor, QToolButton, "property:size/clear")
    editor.set_value(None)
    assert not clear.isEnabled() and clear.isVisibleTo(editor.widget)
    qtbot.mouseClick(child(editor, QRadioButton, "property:size:over_50k"), Qt.MouseButton.LeftButton)
    assert clear.isEnabled()
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert editor.value() is None and not clear.isEnabled() and hits == [1, 1]


def test_read_only_radio_hides_clear_choice(qtbot: QtBot) -> None:
    editor, _ = build(qtbot, enum_defn("size", "radio"), EditorKind.RADIO)
    editor.set_value("under_5k")
    editor.set_read_only(True)
    clear = child(editor, QToolButton, "property:size/clear")
    assert not clear.isVisibleTo(editor.widget)
    editor.set_read_only(False)
    assert clear.isVisibleTo(editor.widget) and clear.isEnabled()


def test_orphan_label_is_plain_words_with_the_same_name_and_data(qtbot: QtBot) -> None:
    editor, _ = build(qtbot, enum_defn("visitors", "select"), EditorKind.SELECT)
    editor.set_value("choice_legacy")
    assert combo_items(combo_of(editor))[-1] == ("choice_legacy (no longer an option)", "choice_legacy")
    radio, _ = build(qtbot, enum_defn("size", "radio"), EditorKind.RADIO)
    radio.set_value("choice_legacy")
    assert child(radio, QRadioButton, "property:size:choice_legacy").text() == (
        "choice_legacy (no longer an option)")


HTML_OPTIONS = (
    PropertyOption(HTML, "html", 0, description="<b>bold</b> & <i>more</i>"),
    PropertyOption("R&D", "r_and_d", 1),
)


def test_option_labels_and_descriptions_are_shown_literally(qtbot: QtBot) -> None:
    for kind, field_type, button_type in ((EditorKind.RADIO, "radio", QRadioButton),
                                          (EditorKind.MULTI_SELECT, "checkbox", QCheckBox)):
        editor, _ = build(qtbot, enum_defn("dept", field_type, HTML_OPTIONS), kind)
        html = child(editor, button_type, "property:dept:html")
        assert html.text() == HTML  # buttons never render markup
        assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;more&lt;/i&gt;" in html.toolTip()
        ampersand = child(editor, button_type, "property:dept:r_and_d")
        assert QKeySequence.mnemonic(ampersand.text()).isEmpty()  # '&' is shown, not a shortcut
        assert ampersand.text().replace("&&", "&") == "R&D"
        editor.widget.grab()
    select, _ = build(qtbot, enum_defn("dept", "select", HTML_OPTIONS), EditorKind.SELECT)
    combo = combo_of(select)
    assert combo.itemText(1) == HTML and combo.itemText(2) == "R&D"
    assert "&lt;b&gt;" in combo.itemData(1, Qt.ItemDataRole.ToolTipRole)
