"""DATE and DATETIME editors: a real "no date" state (F22), dates without time zones (F02), datetimes
shown in local time and returned as aware UTC, untouched instants kept exactly."""

from __future__ import annotations

import datetime
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate, QLocale, QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QDateEdit,
    QDateTimeEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from contact_editor.editing.codecs import EditorKind
from contact_editor.hubspot.models import PropertyDefinition
from contact_editor.ui.editors import PropertyEditor, make_editor
from contact_editor.ui.editors_dates import DATE_FORMAT, EARLIEST

UTC = datetime.UTC


def build(qtbot: QtBot, kind: EditorKind) -> tuple[PropertyEditor, list[int]]:
    type_ = "date" if kind is EditorKind.DATE else "datetime"
    d = PropertyDefinition(name="renewal", label="Renewal", type=type_, field_type="date")
    editor = make_editor(d, kind)
    qtbot.addWidget(editor.widget)
    editor.widget.show()
    hits: list[int] = []
    editor.changed.connect(lambda: hits.append(1))
    return editor, hits


def parts(editor: PropertyEditor) -> tuple[QCheckBox, QDateTimeEdit]:
    check = editor.widget.findChild(QCheckBox, "property:renewal/set")
    edit = editor.widget.findChild(QDateTimeEdit, "property:renewal/date")
    assert isinstance(check, QCheckBox) and isinstance(edit, QDateTimeEdit)
    return check, edit


def wheel_at(widget: QWidget) -> None:
    centre = QPointF(widget.width() / 2, widget.height() / 2)
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre)), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(widget, event)


@pytest.fixture(params=["America/Los_Angeles", "Asia/Tokyo"])
def time_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def test_date_object_names_and_widgets(qtbot: QtBot) -> None:
    editor, _ = build(qtbot, EditorKind.DATE)
    assert editor.widget.objectName() == "property:renewal"
    _, edit = parts(editor)
    assert isinstance(edit, QDateEdit) and edit.calendarPopup()
    assert "yyyy" in edit.displayFormat()


@pytest.mark.usefixtures("time_zone")
def test_date_round_trip_never_shifts(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, EditorKind.DATE)
    for value in (datetime.date(2024, 5, 1), datetime.date(1999, 12, 31), datetime.date(2024, 2, 29)):
        editor.set_value(value)
        assert editor.value() == value
        assert parts(editor)[1].date() == QDate(value.year, value.month, value.day)
    assert hits == []


def test_date_no_date_state_is_explicit(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, EditorKind.DATE)
    editor.set_value(None)
    check, edit = parts(editor)
    assert editor.value() is None
    assert not check.isChecked() and not edit.isEnabled()
    assert edit.text() == "No date"  # not Qt's 1 Jan 2000
    assert hits == []


def test_date_user_sets_and_clears(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, EditorKind.DATE)
    editor.set_value(None)
    check, edit = parts(editor)
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    assert edit.isEnabled() and editor.value() == datetime.date.today() and hits == [1]
    edit.setDate(QDate(2024, 5, 1))
    assert editor.value() == datetime.date(2024, 5, 1) and hits == [1, 1]
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    assert editor.value() is None and edit.text() == "No date" and hits == [1, 1, 1]
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)  # ticking again brings the date back
    assert editor.value() == datetime.date(2024, 5, 1)


def test_date_clearing_a_loaded_date(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, EditorKind.DATE)
    editor.set_value(datetime.date(2024, 5, 1))
    check, _ = parts(editor)
    assert check.isChecked()
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    assert editor.value() is None and hits == [1]


def test_date_keyboard_edit_emits(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, EditorKind.DATE)
    editor.set_value(datetime.date(2024, 5, 1))
    _, edit = parts(editor)
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Up)
    assert editor.value() != datetime.date(2024, 5, 1) and hits == [1]


def test_date_read_only(qtbot: QtBot) -> None:
    editor, _ = build(qtbot, EditorKind.DATE)
    editor.set_value(datetime.date(2024, 5, 1))
    editor.set_read_only(True)
    check, edit = parts(editor)
    assert not check.isEnabled() and not edit.isEnabled() and editor.is_read_only()
    editor.set_read_only(False)
    assert check.isEnabled() and edit.isEnabled()


def test_date_wheel_does_not_change_an_unfocused_date(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, EditorKind.DATE)
    editor.set_value(datetime.date(2024, 5, 1))
    wheel_at(parts(editor)[1])
    assert editor.value() == datetime.date(2024, 5, 1) and hits == []


def test_datetime_round_trip_keeps_the_exact_instant(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, EditorKind.DATETIME)
    value = datetime.datetime(2023, 12, 14, 23, 31, 55, 758000, tzinfo=UTC)
    editor.set_value(value)
    result = editor.value()
    assert result == value and isinstance(result, datetime.datetime)
    assert result.utcoffset() == datetime.timedelta(0)
    editor.set_value(None)
    assert editor.value() is None and parts(editor)[1].text() == "No date"
    assert hits == []


def test_datetime_user_edit_returns_aware_utc(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, EditorKind.DATETIME)
    value = datetime.datetime(2023, 12, 14, 23, 31, 55, 758000, tzinfo=UTC)
    editor.set_value(value)
    _, edit = parts(editor)
    assert "ss" not in edit.displayFormat()  # minute precision on screen
    edit.setCurrentSection(QDateTimeEdit.Section.MinuteSection)
    edit.stepBy(1)
    result = editor.value()
    assert isinstance(result, datetime.datetime) and result.tzinfo is not None
    assert result.utcoffset() == datetime.timedelta(0)
    assert result - value == datetime.timedelta(minutes=1) and hits == [1]


@pytest.mark.usefixtures("time_zone")
def test_datetime_shows_local_time(qtbot: QtBot, time_zone: str) -> None:
    editor, _ = build(qtbot, EditorKind.DATETIME)
    editor.set_value(datetime.datetime(2024, 5, 1, 12, 0, tzinfo=UTC))
    local_hour = {"America/Los_Angeles": 5, "Asia/Tokyo": 21}[time_zone]
    assert parts(editor)[1].time().hour() == local_hour
    assert editor.value() == datetime.datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def test_datetime_set_from_empty_gives_a_utc_value(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, EditorKind.DATETIME)
    editor.set_value(None)
    check, _ = parts(editor)
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    result = editor.value()
    assert isinstance(result, datetime.datetime) and result.utcoffset() == datetime.timedelta(0)
    assert abs(result - datetime.datetime.now(UTC)) < datetime.timedelta(minutes=2) and hits == [1]


def test_dates_show_the_month_by_name_so_day_and_month_cannot_be_swapped(qtbot: QtBot) -> None:
    editor, _ = build(qtbot, EditorKind.DATE)
    editor.set_value(datetime.date(1986, 4, 7))
    _, edit = parts(editor)
    assert edit.displayFormat() == DATE_FORMAT
    assert edit.text() == QLocale().toString(QDate(1986, 4, 7), "d MMM yyyy")
    assert "1986" in edit.text() and "07" not in edit.text()


# -- usability: what the tick box says, read-only display, no reachable "no date" sentinel ----------

def test_editable_tick_box_says_what_it_does(qtbot: QtBot) -> None:
    editor, _ = build(qtbot, EditorKind.DATE)
    editor.set_value(None)
    check, edit = parts(editor)
    assert check.text() == "Set a date" and check.isVisibleTo(editor.widget) and check.toolTip()
    assert edit.text() == "No date" and not edit.isEnabled()
    other, _ = build(qtbot, EditorKind.DATETIME)
    assert parts(other)[0].text() == "Set a date and time"


@pytest.mark.parametrize("kind", [EditorKind.DATE, EditorKind.DATETIME])
def test_read_only_date_hides_the_tick_box_and_calendar_button(qtbot: QtBot, kind: EditorKind) -> None:
    editor, hits = build(qtbot, kind)
    value = (datetime.date(2024, 5, 1) if kind is EditorKind.DATE
             else datetime.datetime(2024, 5, 1, 12, 0, tzinfo=UTC))
    editor.set_value(value)
    editor.set_read_only(True)
    check, edit = parts(editor)
    assert not check.isVisibleTo(editor.widget) and not check.isEnabled()
    assert not edit.calendarPopup() and edit.buttonSymbols() == QAbstractSpinBox.ButtonSymbols.NoButtons
    assert "2024" in edit.text() and not edit.isEnabled()
    editor.set_value(None)
    assert edit.text() == "No date" and not check.isVisibleTo(editor.widget)
    editor.set_read_only(False)
    assert check.isVisibleTo(editor.widget) and check.isEnabled() and edit.calendarPopup()
    assert editor.value() is None and hits == []


def test_ticked_date_cannot_reach_the_no_date_sentinel(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, EditorKind.DATE)
    editor.set_value(None)
    check, edit = parts(editor)
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    assert edit.minimumDate() == EARLIEST and edit.specialValueText() == ""
    edit.setDate(QDate(100, 1, 1))  # the sentinel: clamped to a real date, never "no date"
    assert edit.date() == EARLIEST == QDate(100, 1, 2) and editor.value() == datetime.date(100, 1, 2)
    assert edit.text() != "No date"
    edit.setFocus()
    edit.setCurrentSection(QDateTimeEdit.Section.YearSection)
    qtbot.keyClick(edit, Qt.Key.Key_Down)
    assert editor.value() == datetime.date(100, 1, 2) and check.isChecked()
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)  # unticked: "No date" as before
    assert editor.value() is None and edit.text() == "No date" and hits


def test_ticked_datetime_cannot_reach_the_no_date_sentinel(qtbot: QtBot) -> None:
    editor, _ = build(qtbot, EditorKind.DATETIME)
    editor.set_value(None)
    check, edit = parts(editor)
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)
    edit.setDate(QDate(100, 1, 1))
    result = editor.value()
    assert isinstance(result, datetime.datetime) and result.year == 100  # local midnight of 2 Jan 100, in UTC
    assert edit.date() == EARLIEST and edit.text() != "No date"


def test_an_older_stored_date_still_shows_and_round_trips(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, EditorKind.DATE)
    editor.set_value(datetime.date(1700, 3, 4))
    _, edit = parts(editor)
    assert edit.date() == QDate(1700, 3, 4) and editor.value() == datetime.date(1700, 3, 4)
    assert "1700" in edit.text() and hits == []
    editor.set_value(datetime.date(2024, 5, 1))
    assert edit.minimumDate() == EARLIEST


# -- dates before 1753 (QDateEdit's default minimum): HubSpot holds dates from year 1 on -----------

def _type_year(qtbot: QtBot, edit: QDateTimeEdit, year: str, enter: bool = False) -> None:
    """Type `year` over the year of the date edit (then press Enter if `enter`), then leave it."""
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.setCurrentSection(QDateTimeEdit.Section.YearSection)
    edit.setSelectedSection(QDateTimeEdit.Section.YearSection)
    qtbot.keyClicks(edit, year)
    if enter:
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    edit.clearFocus()


def test_a_date_before_1753_is_saved_as_typed(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, EditorKind.DATE)
    editor.set_value(datetime.date(1986, 4, 17))
    _, edit = parts(editor)
    _type_year(qtbot, edit, "0150")
    assert editor.value() == datetime.date(150, 4, 17) and hits  # was 1 Jan 1753, silently
    assert "0150" in edit.text()
    editor.set_value(datetime.date(1700, 3, 4))
    edit.setDate(QDate(101, 2, 3))  # picked (calendar): kept as picked
    assert editor.value() == datetime.date(101, 2, 3)


@pytest.mark.parametrize("enter", [False, True])
def test_typing_a_year_the_edit_cannot_hold_keeps_the_date_shown_before(qtbot: QtBot, enter: bool) -> None:
    """Year 1 is older than Qt's date edit goes: the edit goes back to the date it showed (never to
    Qt's 1 Jan 2000 or its minimum), so nothing else is saved in its place."""
    editor, hits = build(qtbot, EditorKind.DATE)
    editor.set_value(datetime.date(1986, 4, 17))
    _, edit = parts(editor)
    _type_year(qtbot, edit, "1", enter)
    assert editor.value() == datetime.date(1986, 4, 17) and hits == []
    assert edit.date() == QDate(1986, 4, 17) and "1986" in edit.text()


@pytest.mark.usefixtures("time_zone")
def test_a_datetime_before_1753_is_saved_as_entered(qtbot: QtBot) -> None:
    editor, _ = build(qtbot, EditorKind.DATETIME)
    value = datetime.datetime(150, 6, 7, 12, 0, tzinfo=UTC)
    editor.set_value(value)
    _, edit = parts(editor)
    assert editor.value() == value and edit.isEnabled() and "0150" in edit.text()
    edit.setCurrentSection(QDateTimeEdit.Section.YearSection)
    edit.stepBy(-1)
    assert editor.value() == datetime.datetime(149, 6, 7, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(99, 12, 31), datetime.date(100, 1, 1)])
def test_a_stored_date_older_than_the_edit_goes_is_shown_and_kept(qtbot: QtBot, day: datetime.date) -> None:
    editor, hits = build(qtbot, EditorKind.DATE)
    editor.set_value(day)
    check, edit = parts(editor)
    assert editor.value() == day and check.isChecked()
    assert edit.text() == QLocale().toString(QDate(day.year, day.month, day.day), DATE_FORMAT)
    assert f"{day.year:04d}" in edit.text() and edit.text() != "No date"
    assert not edit.isEnabled() and edit.toolTip()  # kept as it is: the edit cannot hold it
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)  # it can be cleared
    assert editor.value() is None and edit.text() == "No date" and hits == [1]
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton)  # and comes back unchanged
    assert editor.value() == day and not edit.isEnabled() and hits == [1, 1]
    editor.set_value(datetime.date(2024, 5, 1))  # the next value is a normal one again
    assert edit.isEnabled() and edit.date() == QDate(2024, 5, 1) and not edit.toolTip()


@pytest.mark.usefixtures("time_zone")
def test_a_stored_datetime_in_year_1_is_shown_and_kept_exactly(qtbot: QtBot) -> None:
    editor, hits = build(qtbot, EditorKind.DATETIME)
    value = datetime.datetime(1, 1, 1, 12, 0, 30, 5000, tzinfo=UTC)
    editor.set_value(value)
    _, edit = parts(editor)
    assert editor.value() == value and "0001" in edit.text() and not edit.isEnabled()
    assert hits == []

