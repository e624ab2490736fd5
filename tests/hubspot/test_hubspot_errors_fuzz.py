"""Fuzzing parse_error_response: arbitrary text, arbitrary JSON and HubSpot-ish envelopes never
make it raise, and whatever it finds is well-formed."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from contact_editor.hubspot.errors import HubSpotError, ValidationError, parse_error_response

# -- fuzzing -----------------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
known_keys = st.sampled_from(
    [
        "message",
        "errors",
        "context",
        "category",
        "correlationId",
        "policyName",
        "errorType",
        "status",
        "requestId",
        "propertyName",
        "requiredScopes",
        "requiredGranularScopes",
        "existingId",
        "code",
        "name",
        "error",
    ]
)
envelopes = st.recursive(
    json_values,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(known_keys, children, max_size=6),
    max_leaves=30,
)
statuses = st.integers(min_value=100, max_value=599) | st.integers()
header_maps = st.dictionaries(
    st.text(max_size=30) | st.sampled_from(["Retry-After", "x-hubspot-correlation-id"]),
    st.text(max_size=30),
    max_size=3,
)


def _check(err: HubSpotError, status: int) -> None:
    assert isinstance(err, HubSpotError)
    assert err.status == status
    str(err)
    repr(err)


@settings(max_examples=150)
@given(statuses, st.text(), header_maps)
def test_fuzz_arbitrary_text_never_raises(status: int, body: str, headers: dict[str, str]) -> None:
    _check(parse_error_response(status, body, headers), status)


@settings(max_examples=150)
@given(statuses, envelopes, header_maps)
def test_fuzz_arbitrary_json_never_raises(status: int, body: Any, headers: dict[str, str]) -> None:
    _check(parse_error_response(status, json.dumps(body), headers), status)


@settings(max_examples=100)
@given(st.lists(st.dictionaries(known_keys, json_values, max_size=5), max_size=4))
def test_fuzz_embedded_message_array_never_raises(entries: list[dict[str, Any]]) -> None:
    body = {"message": "Property values were not valid: " + json.dumps(entries), "errors": entries}
    err = parse_error_response(400, json.dumps(body), {})
    assert all(isinstance(e.name, str) and e.name for e in err.property_errors)
    keys = [(e.name, e.code) for e in err.property_errors]
    assert len(keys) == len(set(keys))


def test_deeply_nested_json_does_not_raise() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    assert type(parse_error_response(400, deep, {})) is ValidationError
    embedded = json.dumps({"message": "Property values were not valid: " + deep})
    assert parse_error_response(400, embedded, {}).property_errors == ()
