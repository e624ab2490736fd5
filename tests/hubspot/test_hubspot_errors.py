"""parse_error_response: real HubSpot bodies, legacy and garbage bodies, and fuzzing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from contact_editor.hubspot.errors import (
    AuthenticationError,
    ConflictError,
    ForbiddenError,
    HubSpotError,
    NetworkError,
    NotFoundError,
    PropertyError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
    ValidationError,
    parse_error_response,
)

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def parse(status: int, body: Any, headers: dict[str, str] | None = None) -> HubSpotError:
    text = body if isinstance(body, str) else json.dumps(body)
    return parse_error_response(status, text, headers or {})


# -- real bodies -----------------------------------------------------------------------------------


def test_400_fixture_gives_two_deduplicated_property_errors() -> None:
    err = parse(400, fixture("error-400-validation-property-doesnt-exist.json"))
    assert type(err) is ValidationError
    assert err.status == 400
    assert err.category == "VALIDATION_ERROR"
    assert err.correlation_id == "9c5760c4-2c71-4059-897d-cf20a1ce1523"
    assert err.property_errors == (
        PropertyError("first000name", "PROPERTY_DOESNT_EXIST", 'Property "first000name" does not exist'),
        PropertyError("last000name", "PROPERTY_DOESNT_EXIST", 'Property "last000name" does not exist'),
    )


def test_400_property_errors_found_only_in_the_embedded_message_array() -> None:
    entries = [
        {
            "isValid": False,
            "message": "reports was not one of the allowed options: [A, B]",
            "error": "INVALID_OPTION",
            "name": "reason",
        },
        {
            "isValid": False,
            "message": "1635535865 is at 22:18:55.865 UTC, not midnight!",
            "error": "INVALID_DATE",
            "name": "renewal_date",
        },
    ]
    body = {
        "status": "error",
        "message": "Property values were not valid: " + json.dumps(entries),
        "errors": [{"message": "x", "code": "INVALID_DATE", "context": {"propertyName": ["renewal_date"]}}],
        "category": "VALIDATION_ERROR",
    }
    err = parse(400, body)
    # errors[] first, then the array in `message`, deduplicated on (name, code)
    assert [(e.name, e.code) for e in err.property_errors] == [
        ("renewal_date", "INVALID_DATE"),
        ("reason", "INVALID_OPTION"),
    ]
    assert err.property_errors[1].message.startswith("reports was not one of")


def test_same_property_with_two_codes_is_kept_twice() -> None:
    body = {
        "errors": [
            {"code": "A", "context": {"propertyName": ["x"]}},
            {"code": "B", "context": {"propertyName": ["x"]}},
            {"code": "A", "context": {"propertyName": ["x", "y"]}},
        ]
    }
    assert [(e.name, e.code) for e in parse(400, body).property_errors] == [
        ("x", "A"),
        ("x", "B"),
        ("y", "A"),
    ]


def test_embedded_array_that_is_broken_json_is_ignored() -> None:
    err = parse(400, {"message": 'Property values were not valid: [{"name": "x", '})
    assert type(err) is ValidationError
    assert err.property_errors == ()
    assert err.message.startswith("Property values were not valid")


def test_403_fixture_gives_required_scopes() -> None:
    err = parse(403, fixture("error-403-missing-scopes.json"))
    assert isinstance(err, ForbiddenError)
    assert err.required_scopes == ("custom-object-read",)
    assert err.category == "MISSING_SCOPES"
    assert err.correlation_id == "e06d5f4a-fcde-4985-bc2b-2b89d29568b0"
    assert err.context["links"] == ["https://developers.hubspot.com/scopes"]


def test_403_scopes_from_errors_list() -> None:
    body = {
        "status": "error",
        "message": "This app hasn't been granted all required scopes to make this call.",
        "correlationId": "c-1",
        "errors": [
            {
                "message": "One or more of the following scopes are required.",
                "context": {"requiredScopes": ["crm.objects.contacts.write", "crm.objects.contacts.read"]},
            }
        ],
        "links": {"scopes": "https://developers.hubspot.com/scopes"},
        "category": "MISSING_SCOPES",
    }
    err = parse(403, body)
    assert isinstance(err, ForbiddenError)
    assert err.required_scopes == ("crm.objects.contacts.write", "crm.objects.contacts.read")


def test_409_existing_id_from_message() -> None:
    body = {
        "status": "error",
        "message": "Contact already exists. Existing ID: 37765128953",
        "correlationId": "c-409",
        "category": "CONFLICT",
    }
    err = parse(409, body)
    assert isinstance(err, ConflictError)
    assert err.existing_id == "37765128953"
    assert err.category == "CONFLICT"


def test_409_without_an_id_still_maps_cleanly() -> None:
    err = parse(409, {"message": "Contact already exists.", "category": "CONFLICT"})
    assert isinstance(err, ConflictError)
    assert err.existing_id is None


def test_409_existing_id_from_batch_style_context() -> None:
    err = parse(409, {"errors": [{"message": "exists", "context": {"existingId": ["2002"]}}]})
    assert isinstance(err, ConflictError)
    assert err.existing_id == "2002"


@pytest.mark.parametrize(
    ("body", "category"),
    [
        (
            {
                "status": "error",
                "message": "Authentication credentials not found. This API supports OAuth 2.0",
                "correlationId": "c-401",
                "category": "INVALID_AUTHENTICATION",
            },
            "INVALID_AUTHENTICATION",
        ),
        (
            {
                "status": "error",
                "message": "The OAuth token used to make this call expired 0 second(s) ago.",
                "correlationId": "c-401",
                "category": "EXPIRED_AUTHENTICATION",
                "context": {"expire time": ["2026-03-10T23:04:41.164Z"]},
            },
            "EXPIRED_AUTHENTICATION",
        ),
    ],
)
def test_401_both_kinds(body: dict[str, Any], category: str) -> None:
    err = parse(401, body, {"x-hubspot-auth-failure": "401 Unauthorized"})
    assert type(err) is AuthenticationError
    assert err.category == category
    assert err.correlation_id == "c-401"
    if category == "EXPIRED_AUTHENTICATION":
        assert err.context == {"expire time": ["2026-03-10T23:04:41.164Z"]}


def test_404_object_not_found_and_plain_resource_not_found() -> None:
    err = parse(
        404,
        {
            "status": "error",
            "message": "Object not found.  objectId are usually numeric.",
            "correlationId": "c",
            "context": {"id": ["abc"]},
            "category": "OBJECT_NOT_FOUND",
        },
    )
    assert type(err) is NotFoundError
    assert err.context == {"id": ["abc"]}
    plain = parse(404, "resource not found")
    assert type(plain) is NotFoundError
    assert plain.category is None
    assert plain.message == "resource not found"


@pytest.mark.parametrize(
    ("body", "policy"),
    [
        (
            {
                "status": "error",
                "message": "You have reached your ten_secondly_rolling limit.",
                "errorType": "RATE_LIMIT",
                "correlationId": "c",
                "policyName": "TEN_SECONDLY_ROLLING",
            },
            "TEN_SECONDLY_ROLLING",
        ),
        (
            {
                "status": "error",
                "message": "You have reached your daily limit.",
                "policyName": "DAILY",
                "category": "RATE_LIMITS",
            },
            "DAILY",
        ),
        (
            {
                "status": "error",
                "message": "You have reached your secondly limit.",
                "category": "RATE_LIMITS",
            },
            "SECONDLY",
        ),
        (
            {"errorType": "RATE_LIMIT", "policyName": "SECONDLY", "groupName": "publicapi:hapikey:123"},
            "SECONDLY",
        ),
    ],
)
def test_429_forms(body: dict[str, Any], policy: str) -> None:
    err = parse(429, body, {"Retry-After": "2"})
    assert isinstance(err, RateLimitError)
    assert err.policy_name == policy
    assert err.retry_after == 2.0
    assert err.category in ("RATE_LIMIT", "RATE_LIMITS")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2", 2.0),
        (" 1.5 ", 1.5),
        ("0", 0.0),
        ("-3", 0.0),
        ("nan", None),
        ("inf", None),
        ("Wed, 21 Oct 2026 07:28:00 GMT", None),
        ("", None),
        ("soon", None),
    ],
)
def test_retry_after_parsing(value: str, expected: float | None) -> None:
    assert parse(429, "", {"retry-after": value}).retry_after == expected


def test_correlation_id_from_header_when_body_has_none() -> None:
    err = parse(500, "<html>oops</html>", {"X-HubSpot-Correlation-Id": "hdr-1"})
    assert err.correlation_id == "hdr-1"
    body_wins = parse(500, {"correlationId": "body-1"}, {"x-hubspot-correlation-id": "hdr-1"})
    assert body_wins.correlation_id == "body-1"


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, ValidationError),
        (401, AuthenticationError),
        (403, ForbiddenError),
        (404, NotFoundError),
        (409, ConflictError),
        (429, RateLimitError),
        (500, ServerError),
        (502, ServerError),
        (524, ServerError),
    ],
)
@pytest.mark.parametrize(
    "body",
    [
        "",
        "<html><body><h1>502 Bad Gateway</h1></body></html>",
        "null",
        "[1,2]",
        '"text"',
        "{",
        "\x00\xff",
        "42",
    ],
)
def test_known_status_with_garbage_body_keeps_its_class(status: int, cls: type, body: str) -> None:
    err = parse_error_response(status, body, {})
    assert type(err) is cls
    assert err.status == status
    assert err.property_errors == ()
    assert err.context == {}


def test_unknown_status_with_garbage_is_unexpected_and_with_json_is_the_base_class() -> None:
    assert type(parse(418, "<html>teapot</html>")) is UnexpectedResponseError
    assert type(parse(423, {"message": "locked"})) is HubSpotError


def test_html_body_message_is_a_short_single_line() -> None:
    html = "<html>\n<head><title>502</title></head>\n" + "x" * 5000 + "</html>"
    err = parse(502, html)
    assert "\n" not in err.message
    assert len(err.message) <= 500


def test_wrongly_typed_fields_are_ignored() -> None:
    body = {
        "message": 5,
        "category": ["x"],
        "correlationId": {},
        "errors": "nope",
        "context": {"a": "single", "b": [1, None, "s", {"x": 1}], "c": 3},
        "policyName": False,
    }
    err = parse(429, body)
    assert err.message == ""
    assert err.category is None
    assert err.correlation_id is None
    assert err.policy_name is None
    assert err.context == {"a": ["single"], "b": ["1", "s"], "c": []}


def test_str_and_repr() -> None:
    err = parse(404, {"message": "Object not found.", "category": "OBJECT_NOT_FOUND", "correlationId": "c-9"})
    assert str(err) == "HTTP 404: OBJECT_NOT_FOUND: Object not found. (correlation id c-9)"
    assert repr(err).startswith("NotFoundError(status=404, category='OBJECT_NOT_FOUND'")
    assert str(NetworkError("GET /x: timed out", timed_out=True)) == "NetworkError: GET /x: timed out"
