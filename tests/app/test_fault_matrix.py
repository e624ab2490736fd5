"""Issue 4's fault matrix: the real window against the sandbox over loopback, one case per fault.

For each: what a person reads, whether the edit was saved (asked of the sandbox), whether it is
still on screen unchanged, and how many requests the save made. Qt warnings fail any case.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from window_driver import error_text, find, load, save, status_text, type_text

from contact_editor.sandbox import Sandbox

PATH = "/crm/v3/objects/contacts/512"
NEW_TITLE = "Director of Everything"


def _envelope(category: str, message: str, **extra: object) -> dict:
    return {
        "status": "error",
        "message": message,
        "correlationId": "0b5b7c2e-1111-4222-8333-944445555666",
        "category": category,
        **extra,
    }


def _two_property_400() -> dict:
    inner = [
        {"isValid": False, "message": "Enter only letters", "error": "INVALID_ALPHA", "name": "jobtitle"},
        {
            "isValid": False,
            "message": "x was not a valid number",
            "error": "INVALID_NUMBER",
            "name": "firstname",
        },
    ]
    return _envelope(
        "VALIDATION_ERROR",
        "Property values were not valid: " + json.dumps(inner),
        errors=[
            {"message": i["message"], "code": i["error"], "context": {"propertyName": [i["name"]]}}
            for i in inner
        ],
    )


def _rate_limited(policy: str) -> dict:
    return {
        "status": "error",
        "message": f"You have reached your {policy.lower()} limit.",
        "errorType": "RATE_LIMIT",
        "correlationId": "0b5b7c2e-1111-4222-8333-944445555667",
        "policyName": policy,
        "groupName": "publicapi:private-app:1",
    }


@dataclass
class Case:
    name: str
    setup: Callable[[Sandbox, object], None]
    saved: bool
    patches: int  # PATCH requests the save made
    says: str  # a phrase of the message a person reads
    field_errors: tuple[str, ...] = ()


def _fail(status: int, body: object, count: int = 1, headers: dict | None = None):  # type: ignore[no-untyped-def]
    return lambda sb, _w: sb.fail_next("PATCH", PATH, status, body, count, headers=headers)


def _slow_patch(sb: Sandbox, window) -> None:  # type: ignore[no-untyped-def]
    window.services.api.timeout = (2.0, 0.3)
    sb.hold("PATCH", PATH)  # released only when the sandbox stops, after the test's checks


def _read_only_token(sb: Sandbox, window) -> None:  # type: ignore[no-untyped-def]
    token = sb.mint_token(scopes=["crm.objects.contacts.read"])
    window.services.token_holder.replace(token)


def _email_of_702(sb: Sandbox, window) -> None:  # type: ignore[no-untyped-def]
    type_text(window.qtbot, window, "email", str(sb.contact_values("702")["email"]))


CASES = [
    Case(
        "401",
        _fail(
            401,
            _envelope(
                "EXPIRED_AUTHENTICATION", "The OAuth token used to make this call expired 0 second(s) ago."
            ),
        ),
        False,
        1,
        "Replace access token",
    ),
    Case("403 missing scopes", _read_only_token, False, 1, "crm.objects.contacts.write"),
    Case(
        "404",
        _fail(404, _envelope("OBJECT_NOT_FOUND", "Object not found.  objectId are usually numeric.")),
        False,
        1,
        "no longer exists",
    ),
    Case("409", _email_of_702, False, 1, "ID 702"),
    Case(
        "400 on two properties",
        _fail(400, _two_property_400()),
        False,
        1,
        "Correct the fields marked in red",
        ("jobtitle", "firstname"),
    ),
    Case(
        "429 ten-secondly then success", _fail(429, _rate_limited("TEN_SECONDLY_ROLLING")), True, 2, "Saved"
    ),
    Case("429 daily", _fail(429, _rate_limited("DAILY")), False, 1, "Try again tomorrow"),
    Case(
        "500 twice then success",
        _fail(500, _envelope("INTERNAL_ERROR", "internal error"), 2),
        True,
        3,
        "Saved",
    ),
    Case("503 every time", _fail(503, "Service Unavailable", 99), False, 4, "HubSpot had a problem"),
    Case("read timeout", _slow_patch, False, 4, "did not answer in time"),
    Case("connection dropped mid-body", lambda sb, _w: sb.truncate_next("PATCH", PATH), True, 2, "Saved"),
    Case("non-JSON body", lambda sb, _w: sb.garble_next("PATCH", PATH), True, 2, "Saved"),
    Case(
        "HTML error page",
        _fail(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", 99),
        False,
        4,
        "HubSpot had a problem",
    ),
    Case("empty body", _fail(200, "", 99), False, 4, "cannot tell whether your changes were saved"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fault(case: Case, qtbot, window, sandbox: Sandbox) -> None:
    window.qtbot = qtbot
    load(qtbot, window, "512")
    before = sandbox.contact_values("512")
    type_text(qtbot, window, "jobtitle", NEW_TITLE)
    case.setup(sandbox, window)
    edited = {name: window.model.value(name) for name in window.model.dirty_names()}
    sandbox.clear_requests()

    save(qtbot, window)

    text = status_text(window)
    assert case.says in text
    for raw in ("{", "Traceback", "HTTP", "Bad Gateway", "Service Unavailable", "RATE_LIMIT", "Error:"):
        assert raw not in text, f"{raw!r} shown to the user: {text}"
    patches = [r for r in sandbox.requests if r.method == "PATCH"]
    reads = [r for r in sandbox.requests if r.method == "GET" and r.path == PATH]
    assert len(patches) == case.patches
    assert len(reads) == 1, "one read by ID (the conflict check) per save"
    after = sandbox.contact_values("512")
    if case.saved:
        assert after["jobtitle"] == NEW_TITLE
        assert window.model.dirty_names() == []
    else:
        assert after == before, "nothing may change on the server"
        assert {name: window.model.value(name) for name in window.model.dirty_names()} == edited
        assert find(window, "property:jobtitle").text() == NEW_TITLE
    for name in case.field_errors:
        assert error_text(window, name) != ""
