"""DATE and DATETIME editors, both able to hold "no date" (F22).

A "Set a date" check box sits before the date edit: unticked means no value, and the (disabled)
date edit then shows "No date" instead of Qt's default 1 Jan 2000. Ticking it offers today (or the
date last shown). DATE values go QDate <-> datetime.date directly, never through local time (F02).
DATETIME shows local time to the minute and returns an aware UTC datetime; an untouched editor returns
exactly the instant it was given (seconds and milliseconds included).

"No date" is Qt's special value text, shown at the edit's minimum (a sentinel no real value has).
Only the unticked edit may sit there: while ticked the minimum is a real date (1 Jan 1753, or an older
stored value) and there is no special text, so no date a person can pick looks like, or is, "no date".
A read-only editor hides the tick box and the calendar button: it shows the date, or "No date".
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

_SENTINEL = QDate(100, 1, 1)  # the unticked edit's minimum, shown as "No date"
EARLIEST = QDate(1753, 1, 1)  # the earliest date a person can pick (older stored values still show)
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

    # -- PropertyEditor ------------------------------------------------------------------------
    def value(self) -> Value:
        if not self._set.isChecked():
            return None
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
        self._allow_from(day)
        self._display(value)
        return True

    def _put_default(self) -> None:
        self._allow_from(QDate.currentDate())
        self._display_default()

    def _allow_from(self, day: QDate) -> None:
        """Leave the "No date" state: real dates only, from EARLIEST (or `day` if older)."""
        self._edit.setSpecialValueText("")
        self._edit.setMinimumDate(max(_SENTINEL.addDays(1), min(EARLIEST, day)))

    def _show_empty(self) -> None:
        self._set.setChecked(False)
        self._edit.setMinimumDate(_SENTINEL)
        self._edit.setSpecialValueText(tr("No date"))
        self._edit.setDateTime(self._edit.minimumDateTime())

    def _sync_enabled(self) -> None:
        editable = not self._read_only
        self._set.setEnabled(editable)
        self._set.setVisible(editable)
        self._edit.setEnabled(editable and self._set.isChecked())
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

    def _display_default(self) -> None:
        now = QTime.currentTime()
        self._edit.setDateTime(QDateTime(QDate.currentDate(), QTime(now.hour(), now.minute())))
