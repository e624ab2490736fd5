"""HubSpot's per-property write rules, as the sandbox models them.

`check_write(definition, name, value)` looks at one entry of a PATCH body and returns either a
`Problem` (the entry is invalid), the normalised string to store (`""` clears the value), or `None`
(a JSON null: leave the stored value alone). Codes and messages come from `behaviour`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from contact_editor.sandbox import behaviour as hb

MS_PER_DAY = 86_400_000
_UTC = dt.UTC
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=_UTC)

_PLAIN_DECIMAL = re.compile(r"-?\d+(\.\d+)?")
_EPOCH_MS = re.compile(r"-?\d+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_STRING_TYPES = frozenset({"string", "phone_number"})
NUMERIC_TYPES = frozenset({"number", "date", "datetime"})
_OWNER_ID = re.compile(r"[0-9]{1,10}")
_MAX_OWNER_ID = 2**31 - 1


@dataclass(frozen=True)
class Problem:
    """Why one property of a write was refused."""

    name: str
    code: str
    message: str


@dataclass(frozen=True)
class Definition:
    """The parts of a property definition the rules need."""

    name: str
    type: str
    field_type: str
    options: tuple[str, ...]
    external_options: bool
    read_only: bool
    unique: bool = False
    referenced_object_type: str | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Definition:
        meta = data.get("modificationMetadata")
        options = data.get("options")
        return cls(
            name=str(data["name"]),
            type=str(data.get("type", "string")),
            field_type=str(data.get("fieldType", "text")),
            options=tuple(
                str(o["value"]) for o in (options if isinstance(options, list) else []) if "value" in o
            ),
            external_options=data.get("externalOptions") is True,
            read_only=isinstance(meta, Mapping) and meta.get("readOnlyValue") is True,
            unique=data.get("hasUniqueValue") is True,
            referenced_object_type=_optional_str(data.get("referencedObjectType")),
        )

    @property
    def is_numeric(self) -> bool:
        """Search compares and sorts this property's values as numbers (dates as epoch ms)."""
        return self.type in NUMERIC_TYPES

    @property
    def is_multi_select(self) -> bool:
        return self.type == "enumeration" and self.field_type == "checkbox"


def check_write(definition: Definition | None, name: str, value: object) -> Problem | str | None:
    """Validate one `name: value` entry of a PATCH body (see the module docstring)."""
    if definition is None:
        return _problem(name, hb.PROPERTY_DOESNT_EXIST, value="")
    if value is None:
        return None
    if definition.read_only:
        return _problem(name, hb.READ_ONLY_VALUE, value="")
    if not isinstance(value, str):
        return _problem(name, hb.INVALID_VALUE_TYPE, value=json.dumps(value))
    if value == "":
        return ""
    if definition.type not in _STRING_TYPES and _has_edge_whitespace(value):
        return _problem(name, hb.LEADING_TRAILING_WHITESPACE, value=value)
    return _check_typed(definition, value)


def _check_typed(definition: Definition, value: str) -> Problem | str:
    name, kind = definition.name, definition.type
    if kind == "number":
        return value if _PLAIN_DECIMAL.fullmatch(value) else _problem(name, hb.INVALID_NUMBER, value=value)
    if kind == "bool":
        return _check_options(name, value, hb.BOOL_VALUES)
    if kind == "date":
        return _check_date(name, value)
    if kind == "datetime":
        return _check_datetime(name, value)
    if kind == "enumeration":
        return _check_enumeration(definition, value)
    if name == "email" and not _EMAIL.fullmatch(value):
        return _problem(name, hb.INVALID_EMAIL, value=value)
    return value


def _check_enumeration(definition: Definition, value: str) -> Problem | str:
    if definition.referenced_object_type == "OWNER":
        if not _OWNER_ID.fullmatch(value) or int(value) > _MAX_OWNER_ID:
            return _problem(definition.name, hb.INVALID_OWNER_INTEGER, value=value)
        return value  # whether the owner exists is checked by the store, which knows the owners
    if definition.external_options or not definition.options:
        return value  # The real option list lives elsewhere; HubSpot's check cannot be modelled.
    if definition.field_type != "checkbox":
        return _check_options(definition.name, value, definition.options)
    parts = [part for part in value.split(";") if part]
    for part in parts:
        problem = _check_options(definition.name, part, definition.options)
        if isinstance(problem, Problem):
            return problem
    return ";".join(parts)


def _check_options(name: str, value: str, allowed: tuple[str, ...]) -> Problem | str:
    if value in allowed:
        return value
    return _problem(name, hb.INVALID_OPTION, value=value, allowed=", ".join(allowed))


def _check_date(name: str, value: str) -> Problem | str:
    """Dates are stored as epoch ms at midnight UTC; "YYYY-MM-DD" is accepted and converted."""
    if _EPOCH_MS.fullmatch(value):
        ms = int(value)
        if ms % MS_PER_DAY:
            return _problem(name, hb.INVALID_DATE, value=value, time=_time_of_day(ms))
        return str(ms)
    moment = _parse_iso(value)
    if moment is None:
        return _problem(name, hb.INVALID_DATE_FORMAT, value=value)
    ms = _to_ms(moment)
    if ms % MS_PER_DAY:
        return _problem(name, hb.INVALID_DATE, value=value, time=_time_of_day(ms))
    return str(ms)


def _check_datetime(name: str, value: str) -> Problem | str:
    """Datetimes are stored as ISO-8601 UTC with milliseconds; epoch ms and ISO input accepted."""
    if _EPOCH_MS.fullmatch(value):
        return format_ms(int(value))
    moment = _parse_iso(value)
    if moment is None:
        return _problem(name, hb.INVALID_DATETIME, value=value)
    return format_ms(_to_ms(moment))


def _parse_iso(value: str) -> dt.datetime | None:
    """Parse "YYYY-MM-DD" or an ISO-8601 date-time (naive means UTC); None if neither."""
    try:
        if _ISO_DATE.fullmatch(value):
            return dt.datetime.combine(dt.date.fromisoformat(value), dt.time(), tzinfo=_UTC)
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if "T" not in value.upper():
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=_UTC)


def _to_ms(moment: dt.datetime) -> int:
    delta = moment.astimezone(_UTC) - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000


def _time_of_day(ms: int) -> str:
    rest = ms % MS_PER_DAY
    hours, rest = divmod(rest, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def numeric_value(kind: str, value: str) -> float | None:
    """The number search compares for a value of a property of type `kind`: the number itself, or
    epoch ms for date and datetime (from ms or ISO-8601 text). None when `kind` is not numeric or the
    text is not a number/date of that kind."""
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            return None
        return number if number == number and abs(number) != float("inf") else None
    if kind in ("date", "datetime"):
        if _EPOCH_MS.fullmatch(value):
            return float(int(value))
        moment = _parse_iso(value)
        return float(_to_ms(moment)) if moment is not None else None
    return None


def format_ms(ms: int) -> str:
    """Epoch ms as HubSpot's ISO-8601 UTC form, e.g. "2019-12-07T16:50:06.678Z"."""
    moment = _EPOCH + dt.timedelta(milliseconds=ms)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_timestamp(value: str) -> int:
    """An ISO-8601 timestamp (as in seed `createdAt`) as epoch ms; raises ValueError."""
    moment = dt.datetime.fromisoformat(value)
    return _to_ms(moment if moment.tzinfo else moment.replace(tzinfo=_UTC))


def owner_problem(name: str, value: str) -> Problem:
    """The problem for an owner ID that names no owner (see behaviour.INVALID_OWNER_ID)."""
    return _problem(name, hb.INVALID_OWNER_ID, value=value)


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _has_edge_whitespace(value: str) -> bool:
    return value != value.strip() or any(char in _INVISIBLE for char in value)


def _problem(name: str, template: tuple[str, str], **fields: str) -> Problem:
    code, message = template
    return Problem(name=name, code=code, message=message.format(name=name, **fields))
