"""Wire strings <-> typed values for HubSpot contact properties (no Qt).

HubSpot sends and accepts every property value as a string (hubspot-api.md §2). This module picks
an editor kind for each property definition and converts between the wire string and the Python
value that kind edits:

    TEXT / TEXTAREA / READ_ONLY -> str ("" when empty)
    NUMBER       -> Decimal | None          (never float)
    BOOLEAN      -> bool | None             (None = unanswered, not False; F04)
    DATE         -> datetime.date | None    (a calendar date; no time zone is ever applied; F01, F02)
    DATETIME     -> aware datetime in UTC | None
    SELECT/RADIO -> option value str | None (an orphan value not among the options is kept; F06)
    MULTI_SELECT -> tuple of option values, in option order, unknown values after them (F03)

`decode` raises CodecError for a wire value that cannot be read as its type. `encode` raises
CodecError for a value it cannot write (wrong Python type for the kind, a non-finite number, a
naive datetime, ...). `encode` never produces leading/trailing whitespace for non-text kinds
(HubSpot's LEADING_TRAILING_WHITESPACE rule) and gives "" for an empty value (F05: "" clears).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from contact_editor.hubspot.models import PropertyDefinition

__all__ = [
    "CodecError",
    "EditorKind",
    "Value",
    "decode",
    "editor_kind",
    "empty_value",
    "encode",
]


class EditorKind(enum.Enum):
    """Which editor a property gets."""

    TEXT = "text"
    TEXTAREA = "textarea"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"
    SELECT = "select"
    RADIO = "radio"
    MULTI_SELECT = "multi_select"
    READ_ONLY = "read_only"


Value = str | Decimal | bool | dt.date | dt.datetime | tuple[str, ...] | None


class CodecError(ValueError):
    """A wire value that cannot be read as its type, or a value that cannot be written."""


_T = TypeVar("_T")

TEXT_KINDS = frozenset({EditorKind.TEXT, EditorKind.TEXTAREA, EditorKind.READ_ONLY})

_MS_PER_DAY = 86_400_000
_EPOCH_DATE = dt.date(1970, 1, 1)
_EPOCH_UTC = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_ONE_MS = dt.timedelta(milliseconds=1)
# Bound on decimal exponents, so that writing a number as plain digits stays a sane length.
# Every finite float (down to 5e-324, exponent -1074) fits.
_MAX_EXPONENT = 2000

_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_EPOCH_MS_RE = re.compile(r"-?\d+", re.ASCII)
_ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_ISO_DATETIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ].*)?", re.ASCII | re.DOTALL)
_BLANK_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


# ---------------------------------------------------------------------------------------------
# Kinds


def editor_kind(defn: PropertyDefinition) -> EditorKind:
    """The editor for a definition: chosen by `type`, with `fieldType` as a hint (§2).

    `calculation_*` field types are READ_ONLY whatever the type; unknown types (object_coordinates,
    json, ...) are READ_ONLY. A definition with `read_only_value` keeps its kind: the UI locks it.
    """
    field_type = defn.field_type.strip().lower()
    type_ = defn.type.strip().lower()
    if field_type.startswith("calculation_"):
        return EditorKind.READ_ONLY
    if type_ == "string":
        if field_type == "textarea":
            return EditorKind.TEXTAREA
        return EditorKind.READ_ONLY if field_type in ("html", "file") else EditorKind.TEXT
    if type_ == "enumeration":
        return _enumeration_kind(defn, field_type)
    simple = {
        "phone_number": EditorKind.TEXT,
        "number": EditorKind.NUMBER,
        "bool": EditorKind.BOOLEAN,
        "date": EditorKind.DATE,
        "datetime": EditorKind.DATETIME,
    }
    return simple.get(type_, EditorKind.READ_ONLY)


def _enumeration_kind(defn: PropertyDefinition, field_type: str) -> EditorKind:
    if field_type == "checkbox":
        return EditorKind.MULTI_SELECT
    if field_type == "radio":
        return EditorKind.RADIO
    if field_type == "booleancheckbox":
        values = {option.value for option in defn.options}
        return EditorKind.BOOLEAN if values in ({"true", "false"}, set()) else EditorKind.SELECT
    return EditorKind.SELECT


def empty_value(kind: EditorKind) -> Value:
    """The value of an empty property: "" for text kinds, () for MULTI_SELECT, otherwise None."""
    if kind in TEXT_KINDS:
        return ""
    return () if kind is EditorKind.MULTI_SELECT else None


# ---------------------------------------------------------------------------------------------
# Public entry points


def decode(defn: PropertyDefinition, wire: str | None) -> Value:
    """Read a wire value (None = no value) as the value for the definition's kind."""
    kind = editor_kind(defn)
    if kind in TEXT_KINDS:
        return "" if wire is None else wire
    if kind in (EditorKind.SELECT, EditorKind.RADIO):
        return wire or None  # kept as-is, orphan or not
    if kind is EditorKind.MULTI_SELECT:
        return _order_choices(defn, (wire or "").split(";"))
    text = _trim(wire or "")
    if not text:
        return None
    if kind is EditorKind.NUMBER:
        return _decode_number(text)
    if kind is EditorKind.BOOLEAN:
        return _decode_bool(text)
    if kind is EditorKind.DATE:
        return _decode_date(text)
    return _decode_datetime(text)


def encode(defn: PropertyDefinition, value: Value) -> str:
    """Write a value for the definition's kind as its wire string ("" for an empty value)."""
    kind = editor_kind(defn)
    if kind in TEXT_KINDS:
        if value is None:
            return ""
        return _expect(value, str, kind)
    if kind in (EditorKind.SELECT, EditorKind.RADIO):
        return "" if value is None else _trim(_expect(value, str, kind))
    if kind is EditorKind.MULTI_SELECT:
        return _encode_multi(defn, value)
    if value is None:
        return ""
    if kind is EditorKind.NUMBER:
        return _encode_number(_expect(value, Decimal, kind))
    if kind is EditorKind.BOOLEAN:
        return "true" if _expect(value, bool, kind) else "false"
    if kind is EditorKind.DATE:
        return _encode_date(value)
    return _encode_datetime(value)


# ---------------------------------------------------------------------------------------------
# Helpers


def _expect(value: object, type_: type[_T], kind: EditorKind) -> _T:
    if not isinstance(value, type_):
        raise CodecError(f"{kind.name} expects {type_.__name__}, not {type(value).__name__}")
    return value


def _is_blank(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in _BLANK_CATEGORIES


def _trim(text: str) -> str:
    """Strip whitespace and invisible characters (control, format such as U+200B/U+FEFF) at both ends."""
    start, end = 0, len(text)
    while start < end and _is_blank(text[start]):
        start += 1
    while end > start and _is_blank(text[end - 1]):
        end -= 1
    return text[start:end]


# Numbers ------------------------------------------------------------------------------------


def _decode_number(text: str) -> Decimal:
    """Plain decimals, and "1e3"-style exponents (kept exact); never NaN, infinity or locale text."""
    if not _NUMBER_RE.fullmatch(text):
        raise CodecError("not a number")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid literals
        raise CodecError("not a number") from exc
    _check_number_range(number)
    return number


def _check_number_range(number: Decimal) -> None:
    if not number.is_finite():
        raise CodecError("number is not finite")
    exponent = number.as_tuple().exponent  # an int for finite numbers
    if not isinstance(exponent, int) or number.adjusted() > _MAX_EXPONENT or exponent < -_MAX_EXPONENT:
        raise CodecError("number out of range")


def _encode_number(number: Decimal) -> str:
    """Plain decimal: no exponent, no grouping, no trailing zeros after the point; -0 -> "0"."""
    _check_number_range(number)
    text = format(number, "f")  # exact: "f" without a precision keeps every digit
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# Booleans -----------------------------------------------------------------------------------


def _decode_bool(text: str) -> bool:
    folded = text.casefold()
    if folded == "true":
        return True
    if folded == "false":
        return False
    raise CodecError("not a boolean")


# Choices ------------------------------------------------------------------------------------


def _order_choices(defn: PropertyDefinition, parts: Iterable[str]) -> tuple[str, ...]:
    """Trimmed, non-empty, de-duplicated values: options' display order first, then the rest
    in the order given."""
    wanted: dict[str, None] = {}
    for part in parts:
        trimmed = _trim(part)
        if trimmed:
            wanted[trimmed] = None
    known = [option.value for option in defn.options if option.value in wanted]
    known_set = set(known)
    return tuple(known) + tuple(value for value in wanted if value not in known_set)


def _encode_multi(defn: PropertyDefinition, value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, str) or not isinstance(value, tuple | list | set | frozenset):
        raise CodecError(f"MULTI_SELECT expects a tuple of str, not {type(value).__name__}")
    parts = [_expect(part, str, EditorKind.MULTI_SELECT) for part in value]
    if any(";" in part for part in parts):
        raise CodecError("a multi-select value cannot contain ';'")
    return ";".join(_order_choices(defn, parts))


# Dates --------------------------------------------------------------------------------------
# Dates are calendar dates. All arithmetic is on integers and UTC; the local time zone is never
# consulted (no time.mktime, no naive fromtimestamp, no astimezone() on naive values).


def _epoch_ms(text: str) -> int | None:
    return int(text) if _EPOCH_MS_RE.fullmatch(text) else None


def _decode_date(text: str) -> dt.date:
    """Epoch ms, "YYYY-MM-DD", or an ISO date-time ("YYYY-MM-DDT00:00:00Z", "...00.000Z").

    Choice: a millisecond value (or ISO date-time) that is not at midnight UTC is read as its UTC
    calendar date; HubSpot only stores midnight UTC for date properties, so this never shifts
    real data and keeps every zone agreeing on the same day.
    """
    ms = _epoch_ms(text)
    try:
        if ms is not None:
            return _EPOCH_DATE + dt.timedelta(days=ms // _MS_PER_DAY)
        if _ISO_DATE_RE.fullmatch(text):
            return dt.date.fromisoformat(text)
    except (ValueError, OverflowError) as exc:
        raise CodecError("not a date") from exc
    return _decode_iso_datetime(text, "not a date").date()


def _encode_date(value: Value) -> str:
    """Midnight UTC in epoch ms, e.g. date(2019, 10, 31) -> "1572480000000"."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise CodecError(f"DATE expects a date, not {type(value).__name__}")
    return str((value - _EPOCH_DATE).days * _MS_PER_DAY)


def _decode_datetime(text: str) -> dt.datetime:
    """Epoch ms, or ISO-8601 with Z or an offset (naive is taken as UTC); returns aware UTC."""
    ms = _epoch_ms(text)
    if ms is None:
        return _decode_iso_datetime(text, "not a date-time")
    try:
        return _EPOCH_UTC + ms * _ONE_MS
    except OverflowError as exc:
        raise CodecError("date-time out of range") from exc


def _decode_iso_datetime(text: str, message: str) -> dt.datetime:
    if not _ISO_DATETIME_RE.fullmatch(text):
        raise CodecError(message)
    try:
        parsed = dt.datetime.fromisoformat(text)
        if parsed.tzinfo is None or parsed.utcoffset() is None:
            return parsed.replace(tzinfo=dt.UTC)
        return parsed.astimezone(dt.UTC)  # aware -> aware: no local zone involved
    except (ValueError, OverflowError) as exc:
        raise CodecError(message) from exc


def _encode_datetime(value: Value) -> str:
    """Integer epoch ms (sub-millisecond parts are dropped, rounding towards the past)."""
    if not isinstance(value, dt.datetime):
        raise CodecError(f"DATETIME expects a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise CodecError("DATETIME expects an aware datetime")
    return str((value - _EPOCH_UTC) // _ONE_MS)
