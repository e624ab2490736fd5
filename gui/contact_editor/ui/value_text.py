"""A value as a person reads it: option labels not internal values, Yes/No, dates with month names."""

from __future__ import annotations

import datetime
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale

from contact_editor.editing.codecs import Value
from contact_editor.hubspot.models import PropertyDefinition
from contact_editor.ui.editors_dates import DATE_FORMAT


def _tr(text: str) -> str:
    return QCoreApplication.translate("ValueText", text)


def human_text(defn: PropertyDefinition, value: Value) -> str:
    if value is None or value == "" or value == ():
        return _tr("(empty)")
    if isinstance(value, bool):
        wanted = "true" if value else "false"
        return defn.option_label(wanted) or (_tr("Yes") if value else _tr("No"))
    if isinstance(value, tuple):
        return ", ".join(defn.option_label(v) or v for v in value)
    if isinstance(value, datetime.datetime):
        return local_datetime_text(value)
    if isinstance(value, datetime.date):
        return QLocale().toString(QDate(value.year, value.month, value.day), DATE_FORMAT)
    if isinstance(value, Decimal):
        return format(value, "f")
    return defn.option_label(value) or value


def local_datetime_text(instant: datetime.datetime) -> str:
    """An instant in the person's local time, with the date editors' unambiguous date form."""
    local = QDateTime.fromMSecsSinceEpoch(int(instant.timestamp() * 1000))
    time_format = QLocale().timeFormat(QLocale.FormatType.ShortFormat)
    return QLocale().toString(local, f"{DATE_FORMAT} {time_format}")


def format_saved_time(iso: str | None) -> str:
    """HubSpot's `updatedAt` (ISO-8601 UTC) as the user's local date and time, or "" if unreadable."""
    if not iso:
        return ""
    try:
        instant = datetime.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return ""
    return local_datetime_text(instant) if instant.tzinfo is not None else ""
