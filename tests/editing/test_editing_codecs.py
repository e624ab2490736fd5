"""Codecs both ways: kinds, text, numbers (F08), booleans (F04), single and multi choices (F03, F06)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from editing_support import BOOL, MULTI, NUMBER, RADIO, SELECT, TEXT, TEXTAREA, defn

from contact_editor.editing.codecs import CodecError, EditorKind, decode, editor_kind, empty_value, encode
from contact_editor.hubspot.models import PropertyDefinition

K = EditorKind


@pytest.mark.parametrize(
    ("type_", "field_type", "options", "kind"),
    [
        ("string", "text", (), K.TEXT),
        ("string", "textarea", (), K.TEXTAREA),
        ("string", "phonenumber", (), K.TEXT),
        ("string", "html", (), K.READ_ONLY),
        ("string", "file", (), K.READ_ONLY),
        ("phone_number", "phonenumber", (), K.TEXT),
        ("number", "number", (), K.NUMBER),
        ("number", "text", (), K.NUMBER),  # the type wins over the fieldType hint
        ("bool", "booleancheckbox", ("true", "false"), K.BOOLEAN),
        ("bool", "checkbox", (), K.BOOLEAN),
        ("enumeration", "checkbox", ("a", "b"), K.MULTI_SELECT),
        ("enumeration", "radio", ("a", "b"), K.RADIO),
        ("enumeration", "booleancheckbox", ("false", "true"), K.BOOLEAN),
        ("enumeration", "booleancheckbox", (), K.BOOLEAN),
        ("enumeration", "booleancheckbox", ("yes", "no"), K.SELECT),
        ("enumeration", "booleancheckbox", ("true", "false", "maybe"), K.SELECT),
        ("enumeration", "select", ("a",), K.SELECT),
        ("enumeration", "text", ("a",), K.SELECT),
        ("date", "date", (), K.DATE),
        ("datetime", "date", (), K.DATETIME),
        ("object_coordinates", "text", (), K.READ_ONLY),
        ("json", "text", (), K.READ_ONLY),
        ("something_new", "number", (), K.READ_ONLY),
        ("number", "calculation_equation", (), K.READ_ONLY),
        ("number", "calculation_score", (), K.READ_ONLY),
        ("datetime", "calculation_read_time", (), K.READ_ONLY),
        ("bool", "calculation_equation", (), K.READ_ONLY),
        ("string", "calculation_rollup", (), K.READ_ONLY),
    ],
)
def test_editor_kind(type_: str, field_type: str, options: tuple[str, ...], kind: EditorKind) -> None:
    assert editor_kind(defn("p", type_, field_type, options)) is kind


def test_read_only_value_keeps_its_kind() -> None:
    assert editor_kind(defn("hs_object_id", "number", "number", read_only=True)) is K.NUMBER


def test_empty_values() -> None:
    assert [empty_value(k) for k in (K.TEXT, K.TEXTAREA, K.READ_ONLY)] == ["", "", ""]
    assert empty_value(K.MULTI_SELECT) == ()
    for kind in (K.NUMBER, K.BOOLEAN, K.DATE, K.DATETIME, K.SELECT, K.RADIO):
        assert empty_value(kind) is None


# Text ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "value", "  spaced  ", "line1\nline2", "Zoë ☃", "a;b"])
def test_text_is_verbatim(text: str) -> None:
    for d in (TEXT, TEXTAREA):
        assert decode(d, text) == text
        assert encode(d, text) == text


def test_text_none_is_empty() -> None:
    assert decode(TEXT, None) == ""
    assert encode(TEXT, None) == ""


def test_read_only_keeps_raw_text() -> None:
    coords = defn("hs_notes_last_activity", "object_coordinates", "text")
    assert decode(coords, "0-1-123") == "0-1-123"
    assert decode(coords, None) == ""


def test_text_rejects_non_str() -> None:
    with pytest.raises(CodecError):
        encode(TEXT, Decimal(1))


# Numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wire", "value"),
    [
        ("17", Decimal("17")),
        ("17.0", Decimal("17.0")),
        ("0.0", Decimal("0")),
        ("-0.001", Decimal("-0.001")),
        ("1234.5", Decimal("1234.5")),
        ("1e3", Decimal("1000")),
        ("1.5E-7", Decimal("0.00000015")),
        ("+4", Decimal("4")),
        (".5", Decimal("0.5")),
        (" 12 ", Decimal("12")),
        (
            "12345678901234567890123456789012345.123456789",
            Decimal("12345678901234567890123456789012345.123456789"),
        ),
        ("", None),
        (None, None),
    ],
)
def test_number_decode(wire: str | None, value: Decimal | None) -> None:
    decoded = decode(NUMBER, wire)
    assert decoded == value
    assert decoded is None or isinstance(decoded, Decimal)


def test_number_decode_keeps_exact_value() -> None:
    decoded = decode(NUMBER, "0.1000000000000000000000000000000001")
    assert decoded == Decimal("0.1000000000000000000000000000000001")


@pytest.mark.parametrize(
    "wire",
    [
        "abc",
        "1,5",
        "1.234,56",
        "1 000",
        "1_000",
        "NaN",
        "nan",
        "Infinity",
        "-inf",
        "sNaN",
        "0x10",
        "١٢",
        "1e",
        "e3",
        ".",
        "-",
        "12abc",
        "1e99999",
    ],
)
def test_number_decode_rejects(wire: str) -> None:
    with pytest.raises(CodecError):
        decode(NUMBER, wire)


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        (Decimal("17"), "17"),
        (Decimal("17.000"), "17"),
        (Decimal("1234.50"), "1234.5"),
        (Decimal("-0.001"), "-0.001"),
        (Decimal("-0"), "0"),
        (Decimal("-0.000"), "0"),
        (Decimal("0E+5"), "0"),
        (Decimal("1E+3"), "1000"),
        (Decimal("1.4210854715202004e-14"), "0.000000000000014210854715202004"),
        (Decimal(str(1e-05)), "0.00001"),
        (Decimal("100"), "100"),
        (None, ""),
    ],
)
def test_number_encode(value: Decimal | None, wire: str) -> None:
    assert encode(NUMBER, value) == wire


@pytest.mark.parametrize(
    "value",
    [
        Decimal("NaN"),
        Decimal("sNaN"),
        Decimal("Infinity"),
        Decimal("-Infinity"),
        Decimal("1E+99999"),
        1.5,
        17,
        "17",
        True,
    ],
)
def test_number_encode_rejects(value: object) -> None:
    with pytest.raises(CodecError):
        encode(NUMBER, value)  # type: ignore[arg-type]


# Booleans (F04) -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wire", "value"),
    [("true", True), ("false", False), ("TRUE", True), ("False", False), ("", None), (None, None)],
)
def test_bool_decode(wire: str | None, value: bool | None) -> None:
    assert decode(BOOL, wire) is value


@pytest.mark.parametrize("wire", ["yes", "no", "1", "0", "on", "t"])
def test_bool_decode_rejects(wire: str) -> None:
    with pytest.raises(CodecError):
        decode(BOOL, wire)


def test_bool_encode_is_lower_case_words() -> None:
    assert encode(BOOL, True) == "true"
    assert encode(BOOL, False) == "false"
    assert encode(BOOL, None) == ""
    for value in (True, False):
        assert encode(BOOL, value) not in ("True", "False", "1", "0")


@pytest.mark.parametrize("value", [1, 0, "true", Decimal(1)])
def test_bool_encode_rejects_non_bool(value: object) -> None:
    with pytest.raises(CodecError):
        encode(BOOL, value)  # type: ignore[arg-type]


def test_enumeration_booleancheckbox_uses_the_bool_codec() -> None:
    autogen = defn("autogen", "enumeration", "booleancheckbox", ["true", "false"])
    assert decode(autogen, "true") is True
    assert encode(autogen, False) == "false"


# Single choices (F06) -----------------------------------------------------------------------


@pytest.mark.parametrize("d", [SELECT, RADIO])
def test_single_choice(d: PropertyDefinition) -> None:
    assert decode(d, "") is None
    assert decode(d, None) is None
    value = d.options[0].value
    assert decode(d, value) == value
    assert decode(d, "lt5k_old") == "lt5k_old"  # an orphan is kept as-is
    assert encode(d, value) == value
    assert encode(d, "lt5k_old") == "lt5k_old"
    assert encode(d, None) == ""


def test_single_choice_encode_trims() -> None:
    assert encode(SELECT, " under_5k\u200b\n") == "under_5k"


# Multi-select (F03) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wire", "value"),
    [
        ("golf;tennis", ("golf", "tennis")),
        ("golf;;tennis", ("golf", "tennis")),
        (";golf", ("golf",)),
        ("golf;", ("golf",)),
        ("tennis;golf", ("golf", "tennis")),
        ("golf;golf", ("golf",)),
        ("old;golf;older", ("golf", "old", "older")),
        ("", ()),
        (None, ()),
        (";", ()),
    ],
)
def test_multi_decode(wire: str | None, value: tuple[str, ...]) -> None:
    assert decode(MULTI, wire) == value


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        ((), ""),
        (None, ""),
        (("golf",), "golf"),
        (("tennis", "golf"), "golf;tennis"),
        (("chess", "golf", "tennis"), "golf;tennis;chess"),
        (("zeta", "tennis", "alpha", "golf"), "golf;tennis;zeta;alpha"),
        (("golf", "golf", ""), "golf"),
        ((" golf ", "tennis"), "golf;tennis"),
    ],
)
def test_multi_encode(value: tuple[str, ...] | None, wire: str) -> None:
    assert encode(MULTI, value) == wire


@pytest.mark.parametrize("value", ["golf;tennis", ("golf;tennis",), (1,), 3])
def test_multi_encode_rejects(value: object) -> None:
    with pytest.raises(CodecError):
        encode(MULTI, value)  # type: ignore[arg-type]


def test_multi_never_sends_a_list_or_commas() -> None:
    wire = encode(MULTI, ("golf", "tennis"))
    assert wire == "golf;tennis"
    assert "," not in wire and "[" not in wire
