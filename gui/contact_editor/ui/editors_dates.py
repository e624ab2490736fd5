"""DATE and DATETIME editors, both able to hold "no date" (F22).

A "Set a date" check box sits before the date edit: unticked means no value, and the (disabled)
date edit then shows "No date" instead of Qt's default 1 Jan 2000. Ticking it offers today (or the
date last shown). DATE values go QDate <-> datetime.date directly, never through local time (F02).
DATETIME shows local time to the minute and returns an aware UTC datetime; an untouched editor returns
exactly the instant it was given (seconds and milliseconds included).

"No date" is Qt's special value text, shown at the edit's minimum (a sentinel no real value has: 1 Jan
100, the oldest day Qt's date edit takes). Only the unticked edit may sit there: while ticked the
minimum is the next day, `EARLIEST`, and there is no special text, so no date a person can pick looks
like, or is, "no date". HubSpot holds dates from year 1 on: any date from `EARLIEST` on can be picked
and is saved as picked; text that is no date (or an older one, which the edit cannot hold) goes back
to the date shown before, never to another one. A stored date the edit cannot hold (before `EARLIEST`)
is shown as text at the sentinel, with the edit disabled: it is kept unchanged unless the person
unticks it. A read-only editor hides the tick box and the calendar button: it shows the date, or
"No date".
"""

from __future__ import annotations

import datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QWidget,
)

from contact_editor.editing.codecs import EditorKind, Value
from contact_editor.hubspot.models import PropertyDefinition
from contact_editor.ui.editors_base import PropertyEditor, object_name, tr

_SENTINEL = QDate(100, 1, 1)  # the unticked edit's minimum, shown as "No date" (Qt's own minimum)
EARLIEST = _SENTINEL.addDays(1)  # the earliest date a person can pick (older stored values still show)
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MS = datetime.timedelta(milliseconds=1)


# Day, month name, four-digit year: "17 Apr 1986" reads the same to staff in the US and in Europe,
# where a locale's numeric short format (04/17/1986 vs 17/04/1986) does not. Qt translates the month.
DATE_FORMAT = "d MMM yyyy"


def to_qdate(value: datetime.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> datetime.date:
    return datetime.date(value.year(), value.month(), value.day())


def to_epoch_ms(value: datetime.datetime) -> int:
    aware = value if value.tzinfo is not None else value.replace(tzinfo=datetime.UTC)
    return (aware - _EPOCH) // _MS


def from_epoch_ms(ms: int) -> datetime.datetime:
    return _EPOCH + datetime.timedelta(milliseconds=ms)


class _OptionalDateEditor(PropertyEditor):
    """A "set" check box + a QDateTimeEdit (or QDateEdit) in a container "property:<name>"."""

    def __init__(
        self, defn: PropertyDefinition, kind: EditorKind, edit: QDateTimeEdit, parent: QWidget | None
    ) -> None:
        box = QWidget(parent)
        super().__init__(defn, kind, box, parent)
        self._edit = edit
        self._set = QCheckBox(self._set_text(), box)
        self._set.setObjectName(object_name(defn, "set"))
        self._set.setToolTip(tr("Tick to give this field a value; untick to leave it empty."))
        self._set.setAccessibleName(tr("{0}: has a value").format(defn.label))
        edit.setParent(box)
        edit.setObjectName(object_name(defn, "date"))
        edit.setAccessibleName(defn.label)
        edit.setCalendarPopup(True)
        # Text that is no date goes back to the date shown (Qt's default, the nearest value, is 1 Jan 2000).
        edit.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToPreviousValue)
        self._guard_wheel(edit)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._set)
        layout.addWidget(edit)
        layout.addStretch(1)
        box.setFocusProxy(self._set)
        self._original: Value = None
        self._touched = False
        self._remembered: Value = None
        self._beyond: Value = None  # a stored date the edit cannot hold, shown as text (_show_beyond)
        self._show_empty()
        self._sync_enabled()
        self._set.toggled.connect(self._on_set_toggled)
        edit.dateTimeChanged.connect(self._on_edited)

    # -- subclass hooks ------------------------------------------------------------------------
    def _set_text(self) -> str:
        return tr("Set a date")

    def _widget_value(self) -> Value:
        raise NotImplementedError

    def _day(self, value: Value) -> QDate | None:
        """The day the date edit shows for `value`; None if it is no value of this kind."""
        raise NotImplementedError

    def _display(self, value: Value) -> None:
        """Show `value` (one `_day` accepts) in the date edit."""
        raise NotImplementedError

    def _display_default(self) -> None:
        """Show what ticking an empty editor offers (today)."""
        raise NotImplementedError

    def _text(self, value: Value) -> str:
        """`value` (one `_day` accepts) as the date edit would show it."""
        day = self._day(value)
        assert day is not None
        return self._edit.locale().toString(day, DATE_FORMAT)

    # -- PropertyEditor ------------------------------------------------------------------------
    def value(self) -> Value:
        if not self._set.isChecked():
            return None
        if self._beyond is not None:
            return self._beyond
        return self._widget_value() if self._touched else self._original

    def _show(self, value: Value) -> None:
        self._touched = False
        self._remembered = None
        if self._put(value):
            self._original = value
            self._set.setChecked(True)
        else:
            self._original = None
            self._show_empty()
        self._sync_enabled()

    def _lock(self, read_only: bool) -> None:
        self._sync_enabled()

    # -- internals -----------------------------------------------------------------------------
    def _put(self, value: Value) -> bool:
        """Show `value` in the date edit (as a real date); False if it is no value of this kind."""
        day = self._day(value)
        if day is None:
            return False
        if not EARLIEST <= day <= self._edit.maximumDate():
            self._show_beyond(value)
            return True
        self._allow_dates()
        self._display(value)
        return True

    def _put_default(self) -> None:
        self._allow_dates()
        self._display_default()

    def _allow_dates(self) -> None:
        """Leave the "No date" state: real dates only, from EARLIEST."""
        self._beyond = None
        self._edit.setToolTip("")
        self._edit.setSpecialValueText("")
        self._edit.setMinimumDate(EARLIEST)

    def _show_beyond(self, value: Value) -> None:
        """A stored date the edit cannot hold: its text at the sentinel, the edit disabled (see
        `_sync_enabled`); value() is `value` while it is ticked."""
        self._beyond = value
        self._edit.setMinimumDate(_SENTINEL)
        self._edit.setSpecialValueText(self._text(value))
        self._edit.setDateTime(self._edit.minimumDateTime())
        self._edit.setToolTip(tr("This date is older than {0}: it is kept as it is, and can only be "
                                 "cleared here.").format(self._edit.locale().toString(EARLIEST, DATE_FORMAT)))

    def _show_empty(self) -> None:
        self._beyond = None
        self._edit.setToolTip("")
        self._set.setChecked(False)
        self._edit.setMinimumDate(_SENTINEL)
        self._edit.setSpecialValueText(tr("No date"))
        self._edit.setDateTime(self._edit.minimumDateTime())

    def _sync_enabled(self) -> None:
        editable = not self._read_only
        self._set.setEnabled(editable)
        self._set.setVisible(editable)
        self._edit.setEnabled(editable and self._set.isChecked() and self._beyond is None)
        self._edit.setCalendarPopup(editable)
        self._edit.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.UpDownArrows if editable
                                    else QAbstractSpinBox.ButtonSymbols.NoButtons)

    def _on_set_toggled(self, checked: bool) -> None:
        if self._loading:
            return
        with self._silently():
            if checked:
                if self._remembered is None or not self._put(self._remembered):
                    self._put_default()
                self._touched = True
            else:
                self._remembered = self._widget_value() if self._touched else self._original
                self._show_empty()
            self._sync_enabled()
        self._user_edit()

    def _on_edited(self) -> None:
        if self._loading:
            return
        self._touched = True
        self._user_edit()


class DateEditor(_OptionalDateEditor):
    """DATE: value() is datetime.date or None."""

    def __init__(self, defn: PropertyDefinition, kind: EditorKind, parent: QWidget | None = None) -> None:
        edit = QDateEdit()
        edit.setDisplayFormat(DATE_FORMAT)
        super().__init__(defn, kind, edit, parent)

    def _widget_value(self) -> Value:
        return from_qdate(self._edit.date())

    def _day(self, value: Value) -> QDate | None:
        if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
            return None
        return to_qdate(value)

    def _display(self, value: Value) -> None:
        assert isinstance(value, datetime.date)
        self._edit.setDate(to_qdate(value))

    def _display_default(self) -> None:
        self._edit.setDate(QDate.currentDate())


_DATETIME_FORMATS: dict[str, str] = {}


def _datetime_format(locale: QLocale) -> str:
    """DATE_FORMAT and the locale's short time format (asked once per locale: forms build many)."""
    key = locale.bcp47Name()
    if key not in _DATETIME_FORMATS:
        _DATETIME_FORMATS[key] = f"{DATE_FORMAT} {locale.timeFormat(QLocale.FormatType.ShortFormat)}"
    return _DATETIME_FORMATS[key]


class DateTimeEditor(_OptionalDateEditor):
    """DATETIME: shows local time to the minute; value() is an aware UTC datetime or None."""

    def __init__(self, defn: PropertyDefinition, kind: EditorKind, parent: QWidget | None = None) -> None:
        edit = QDateTimeEdit()
        edit.setDisplayFormat(_datetime_format(edit.locale()))
        super().__init__(defn, kind, edit, parent)

    def _set_text(self) -> str:
        return tr("Set a date and time")

    def _widget_value(self) -> Value:
        return from_epoch_ms(self._edit.dateTime().toMSecsSinceEpoch())

    def _day(self, value: Value) -> QDate | None:
        if not isinstance(value, datetime.datetime):
            return None
        return QDateTime.fromMSecsSinceEpoch(to_epoch_ms(value)).date()

    def _display(self, value: Value) -> None:
        assert isinstance(value, datetime.datetime)
        self._edit.setDateTime(QDateTime.fromMSecsSinceEpoch(to_epoch_ms(value)))

    def _text(self, value: Value) -> str:
        assert isinstance(value, datetime.datetime)
        shown = QDateTime.fromMSecsSinceEpoch(to_epoch_ms(value))
        return self._edit.locale().toString(shown, self._edit.displayFormat())

    def _display_default(self) -> None:
        now = QTime.currentTime()
        self._edit.setDateTime(QDateTime(QDate.currentDate(), QTime(now.hour(), now.minute())))
