"""Property-based round trips for every kind: value -> encode -> decode == value, and
wire -> decode -> encode is canonical and idempotent (F01, F03, F08)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from editing_support import (
    BOOL,
    DATE,
    DATETIME,
    MULTI,
    NUMBER,
    RADIO,
    SELECT,
    TEXT,
    TEXTAREA,
    ZONES,
    local_zone,
)
from hypothesis import given
from hypothesis import strategies as st

from contact_editor.editing.codecs import CodecError, Value, decode, encode
from contact_editor.hubspot.models import PropertyDefinition

PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
UTC = dt.UTC

decimals = st.decimals(allow_nan=False, allow_infinity=False)
floats_as_decimals = st.floats(allow_nan=False, allow_infinity=False).map(Decimal)
dates = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
# HubSpot counts datetimes in whole milliseconds.
datetimes = st.datetimes(
    min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30), timezones=st.just(UTC)
).map(lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000))
choice_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cf", "Zs", "Zl", "Zp", "Cs"), blacklist_characters=";"
    ),
    min_size=1,
).filter(lambda s: s.strip() == s and bool(s))
multi_values = st.lists(st.sampled_from(["golf", "tennis", "chess"]) | choice_text, unique=True)


def _canonical_multi(values: list[str]) -> tuple[str, ...]:
    known = [o.value for o in MULTI.options if o.value in values]
    return tuple(known) + tuple(v for v in values if v not in known)


def _assert_canonical(defn: PropertyDefinition, wire: str | None) -> None:
    try:
        value = decode(defn, wire)
    except CodecError:
        return
    once = encode(defn, value)
    again = decode(defn, once)  # canonical wire text always decodes ...
    assert encode(defn, again) == once  # ... and re-encodes to itself
    assert decode(defn, encode(defn, again)) == again


# value -> encode -> decode == value ---------------------------------------------------------


@given(st.text())
def test_text_round_trip(text: str) -> None:
    for defn in (TEXT, TEXTAREA):
        assert decode(defn, encode(defn, text)) == text


@given(decimals | floats_as_decimals)
def test_number_round_trip_and_plain_form(number: Decimal) -> None:
    wire = encode(NUMBER, number)
    assert PLAIN_NUMBER.match(wire), wire
    assert decode(NUMBER, wire) == number


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_floats_through_decimal_are_never_exponent_form(number: float) -> None:
    wire = encode(NUMBER, Decimal(number))
    assert PLAIN_NUMBER.match(wire), wire
    assert float(wire) == number


@given(st.none() | st.booleans())
def test_bool_round_trip(value: bool | None) -> None:
    assert decode(BOOL, encode(BOOL, value)) is value


@given(st.none() | dates)
def test_date_round_trip_in_every_zone(day: dt.date | None) -> None:
    wires = set()
    for zone in ZONES:
        with local_zone(zone):
            wire = encode(DATE, day)
            assert decode(DATE, wire) == day
            wires.add(wire)
    (wire,) = wires  # the same in every zone
    if day is not None:
        assert int(wire) % 86_400_000 == 0
        assert decode(DATE, day.isoformat()) == day


@given(st.none() | datetimes)
def test_datetime_round_trip_in_every_zone(instant: dt.datetime | None) -> None:
    wires = set()
    for zone in ZONES:
        with local_zone(zone):
            wire = encode(DATETIME, instant)
            assert decode(DATETIME, wire) == instant
            wires.add(wire)
            if instant is not None:
                assert decode(DATETIME, instant.isoformat()) == instant
    assert len(wires) == 1


@given(st.none() | choice_text | st.sampled_from(["under_5k", "over_10k", "bucket_1"]))
def test_single_choice_round_trip(value: str | None) -> None:
    for defn in (SELECT, RADIO):
        assert decode(defn, encode(defn, value)) == value


@given(multi_values)
def test_multi_round_trip(values: list[str]) -> None:
    assert decode(MULTI, encode(MULTI, tuple(values))) == _canonical_multi(values)


# wire -> decode -> encode is canonical and idempotent ---------------------------------------

number_wires = st.one_of(
    st.text(),
    st.from_regex(r"\A[+-]?\d{1,30}(\.\d{0,30})?([eE][+-]?\d{1,3})?\Z"),
    decimals.map(str),
)


@given(number_wires)
def test_number_wire_canonical(wire: str) -> None:
    _assert_canonical(NUMBER, wire)
    try:
        value = decode(NUMBER, wire)
    except CodecError:
        return
    assert value is None or PLAIN_NUMBER.match(encode(NUMBER, value))


@given(st.text() | st.sampled_from(["true", "false", "TRUE", "False", ""]))
def test_bool_wire_canonical(wire: str) -> None:
    _assert_canonical(BOOL, wire)
    try:
        value = decode(BOOL, wire)
    except CodecError:
        return
    assert encode(BOOL, value) in ("true", "false", "")


@given(st.text() | st.integers(min_value=-(10**14), max_value=10**14).map(str) | dates.map(str))
def test_date_wire_canonical(wire: str) -> None:
    _assert_canonical(DATE, wire)


@given(st.text() | st.integers(min_value=-(10**14), max_value=10**14).map(str) | datetimes.map(str))
def test_datetime_wire_canonical(wire: str) -> None:
    _assert_canonical(DATETIME, wire)


@given(st.lists(st.sampled_from(["golf", "tennis", "chess", "", "old"]) | choice_text).map(";".join))
def test_multi_wire_canonical(wire: str) -> None:
    _assert_canonical(MULTI, wire)
    value = decode(MULTI, wire)
    assert isinstance(value, tuple)
    assert encode(MULTI, decode(MULTI, encode(MULTI, value))) == encode(MULTI, value)
    assert ";;" not in encode(MULTI, value)


@given(st.text())
def test_choice_wire_canonical(wire: str) -> None:
    for defn in (SELECT, RADIO):
        _assert_canonical(defn, wire)


NON_TEXT = (NUMBER, BOOL, DATE, DATETIME, SELECT, RADIO, MULTI)


def _blank(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in {"Cc", "Cf", "Zs", "Zl", "Zp"}


@given(st.text())
def test_non_text_encodings_have_no_edge_whitespace(wire: str) -> None:
    """HubSpot's LEADING_TRAILING_WHITESPACE rule, for any readable wire value."""
    for defn in NON_TEXT:
        try:
            value: Value = decode(defn, wire)
        except CodecError:
            continue
        out = encode(defn, value)
        assert not out or not (_blank(out[0]) or _blank(out[-1])), (defn.name, out)
