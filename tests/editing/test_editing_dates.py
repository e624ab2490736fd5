"""Dates are calendar dates and datetimes are instants, whatever the local time zone (F01, F02)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest
from editing_support import DATE, DATETIME, ZONES, local_zone

from contact_editor.editing.codecs import CodecError, decode, encode

UTC = dt.UTC


@pytest.fixture(params=ZONES)
def zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """Run the test once per local time zone (TZ + time.tzset, restored afterwards)."""
    name: str = request.param
    with local_zone(name):
        yield name


def test_the_zone_fixture_really_switches_zones(zone: str) -> None:
    expected_offset = {
        "Pacific/Auckland": {-12 * 3600, -13 * 3600},
        "America/Los_Angeles": {7 * 3600, 8 * 3600},
        "Asia/Tokyo": {-9 * 3600},
        "UTC": {0},
    }
    assert time.timezone in expected_offset[zone] or time.altzone in expected_offset[zone]


def test_tz_is_restored() -> None:
    before = (time.timezone, time.tzname)
    with local_zone("Pacific/Auckland"):
        assert time.timezone != before[0] or before[0] == -12 * 3600
    assert (time.timezone, time.tzname) == before


# Dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "wire"),
    [
        (dt.date(2019, 10, 31), "1572480000000"),
        (dt.date(2024, 5, 1), "1714521600000"),
        (dt.date(2015, 5, 1), "1430438400000"),
        (dt.date(1970, 1, 1), "0"),
        (dt.date(1969, 12, 31), "-86400000"),
        (dt.date(2024, 2, 29), "1709164800000"),
        (dt.date(1700, 3, 4), "-8514979200000"),  # before 1753 (QDateEdit's default minimum)
        (dt.date(150, 4, 17), "-57424464000000"),
        (dt.date(1, 1, 1), "-62135596800000"),  # the first day HubSpot's epoch ms can hold here
    ],
)
def test_date_encode(zone: str, day: dt.date, wire: str) -> None:
    assert encode(DATE, day) == wire
    assert int(wire) % 86_400_000 == 0
    assert decode(DATE, wire) == day


@pytest.mark.parametrize(
    "wire",
    [
        "1714521600000",
        "2024-05-01",
        "2024-05-01T00:00:00Z",
        "2024-05-01T00:00:00.000Z",
        "2024-05-01T00:00:00+00:00",
        "2024-05-01T00:00:00",
        " 2024-05-01 ",
    ],
)
def test_date_decode_forms(zone: str, wire: str) -> None:
    """F02: every read form of 1 May 2024 gives 1 May in every zone, and saves back unchanged."""
    assert decode(DATE, wire) == dt.date(2024, 5, 1)
    assert encode(DATE, decode(DATE, wire)) == "1714521600000"


def test_date_not_at_midnight_takes_the_utc_calendar_date(zone: str) -> None:
    assert decode(DATE, "1714550400000") == dt.date(2024, 5, 1)  # 08:00 UTC
    assert decode(DATE, "1714607999999") == dt.date(2024, 5, 1)  # 23:59:59.999 UTC
    assert decode(DATE, "1714514400000") == dt.date(2024, 4, 30)  # 22:00 UTC (local midnight in UTC+2)
    assert decode(DATE, "2024-05-01T22:00:00-04:00") == dt.date(2024, 5, 2)


def test_date_empty(zone: str) -> None:
    assert decode(DATE, "") is None
    assert decode(DATE, None) is None
    assert encode(DATE, None) == ""


@pytest.mark.parametrize(
    "wire",
    [
        "31/10/2019",
        "2019-13-01",
        "2019-02-30",
        "yesterday",
        "2019-10",
        "1572480000000.0",
        "2024-W01-1",
        "99999999999999999999999",
    ],
)
def test_date_decode_rejects(wire: str) -> None:
    with pytest.raises(CodecError):
        decode(DATE, wire)


@pytest.mark.parametrize("value", [dt.datetime(2024, 5, 1, tzinfo=UTC), "2024-05-01", 1714521600000])
def test_date_encode_rejects(value: object) -> None:
    with pytest.raises(CodecError):
        encode(DATE, value)  # type: ignore[arg-type]


def test_date_results_are_the_same_in_every_zone() -> None:
    wires = ["1572480000000", "2019-10-31", "2019-10-31T00:00:00.000Z", "1572519600000"]
    results = []
    for name in ZONES:
        with local_zone(name):
            results.append(([decode(DATE, w) for w in wires], encode(DATE, dt.date(2019, 10, 31))))
    assert all(r == results[0] for r in results)
    assert results[0] == ([dt.date(2019, 10, 31)] * 4, "1572480000000")


# Datetimes ----------------------------------------------------------------------------------

INSTANT = dt.datetime(2023, 12, 14, 23, 31, 55, 758000, tzinfo=UTC)


@pytest.mark.parametrize(
    "wire",
    [
        "1702596715758",
        "2023-12-14T23:31:55.758Z",
        "2023-12-14T23:31:55.758+00:00",
        "2023-12-14T15:31:55.758-08:00",
        "2023-12-15T08:31:55.758+09:00",
        "2023-12-14T23:31:55.758",
    ],
)
def test_datetime_decode(zone: str, wire: str) -> None:
    value = decode(DATETIME, wire)
    assert value == INSTANT
    assert isinstance(value, dt.datetime)
    assert value.utcoffset() == dt.timedelta(0)
    assert encode(DATETIME, value) == "1702596715758"


def test_datetime_encode_any_aware_zone(zone: str) -> None:
    tokyo = dt.timezone(dt.timedelta(hours=9))
    assert encode(DATETIME, INSTANT.astimezone(tokyo)) == "1702596715758"
    assert encode(DATETIME, dt.datetime(1970, 1, 1, tzinfo=UTC)) == "0"
    assert encode(DATETIME, dt.datetime(1969, 12, 31, 23, 59, 59, 999000, tzinfo=UTC)) == "-1"
    assert encode(DATETIME, None) == ""


def test_datetime_in_year_1_round_trips(zone: str) -> None:
    first = dt.datetime(1, 1, 1, 12, 0, 30, 5000, tzinfo=UTC)
    assert encode(DATETIME, first) == "-62135553569995"
    assert decode(DATETIME, "-62135553569995") == first


def test_datetime_drops_sub_milliseconds() -> None:
    assert encode(DATETIME, INSTANT.replace(microsecond=758999)) == "1702596715758"


def test_datetime_empty() -> None:
    assert decode(DATETIME, "") is None
    assert decode(DATETIME, None) is None


@pytest.mark.parametrize(
    "wire",
    [
        "14/12/2023 23:31",
        "2023-12-14T25:00:00Z",
        "soon",
        "2023-12-14Tnonsense",
        "1.5",
        "99999999999999999999999",
    ],
)
def test_datetime_decode_rejects(wire: str) -> None:
    with pytest.raises(CodecError):
        decode(DATETIME, wire)


@pytest.mark.parametrize("value", [dt.datetime(2024, 5, 1, 12, 0), dt.date(2024, 5, 1), "1702596715758"])
def test_datetime_encode_rejects(value: object) -> None:
    """A naive datetime is refused: which zone it meant is unknown."""
    with pytest.raises(CodecError):
        encode(DATETIME, value)  # type: ignore[arg-type]


def test_datetime_results_are_the_same_in_every_zone() -> None:
    results = []
    for name in ZONES:
        with local_zone(name):
            results.append(
                (
                    decode(DATETIME, "2023-12-14T23:31:55.758"),
                    decode(DATETIME, "1702596715758"),
                    encode(DATETIME, INSTANT),
                )
            )
    assert all(r == results[0] for r in results)
