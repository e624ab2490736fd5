"""Faults beyond fail/drop/hold: truncated and non-JSON bodies, default error bodies, any-method rules,
the fault-spec parser, and the admin endpoint that steers a running sandbox."""

from __future__ import annotations

import json

import pytest
import requests
from sandbox_testkit import CONTACTS, SEED_PAGE_BODY, TIMEOUT, Api

from contact_editor.sandbox import Sandbox
from contact_editor.sandbox.admin import Admin
from contact_editor.sandbox.faults import GARBLED_BODY, Faults, FaultSpec, parse_fault_spec
from contact_editor.sandbox.limits import RateLimits

ADMIN = "X-Sandbox-Admin"


def test_truncate_next_cuts_the_real_answer_short(sandbox: Sandbox, api: Api) -> None:
    sandbox.truncate_next("GET", CONTACTS)
    with pytest.raises(requests.exceptions.ChunkedEncodingError, match="IncompleteRead"):
        api.get(f"{CONTACTS}/512")
    assert api.get(f"{CONTACTS}/512").json()["id"] == "512"


def test_truncated_patch_is_applied_before_the_answer_breaks(sandbox: Sandbox, api: Api) -> None:
    sandbox.truncate_next("PATCH", CONTACTS)
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        api.patch(f"{CONTACTS}/512", SEED_PAGE_BODY)
    assert sandbox.contact_values("512")["property_string"] == "value"


def test_truncated_answer_promises_more_bytes_than_it_sends(sandbox: Sandbox, api: Api) -> None:
    sandbox.truncate_next("GET", CONTACTS)
    response = requests.get(f"{sandbox.url}{CONTACTS}/512", headers=api.headers, timeout=TIMEOUT, stream=True)
    promised = int(response.headers["Content-Length"])
    assert "x-hubspot-correlation-id" in response.headers
    received = b""
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        for chunk in response.iter_content(64):
            received += chunk
    assert 0 < len(received) < promised
    assert received.startswith(b'{"id":"512"')


def test_garble_next_answers_200_with_a_body_that_is_not_json(sandbox: Sandbox, api: Api) -> None:
    sandbox.garble_next("PATCH", CONTACTS, count=2)
    for _ in range(2):
        response = api.patch(f"{CONTACTS}/512", SEED_PAGE_BODY)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "application/json;charset=utf-8"
        assert response.text == GARBLED_BODY
        with pytest.raises(requests.exceptions.JSONDecodeError):
            response.json()
    assert sandbox.contact_values("512")["property_string"] == "old value"  # never processed
    assert api.patch(f"{CONTACTS}/512", SEED_PAGE_BODY).json()["properties"]["property_string"] == "value"


def test_garble_next_with_another_status_and_body(sandbox: Sandbox, api: Api) -> None:
    sandbox.garble_next("GET", "/", status=502, body="upstream said: {oops")
    response = api.get(f"{CONTACTS}/512")
    assert (response.status_code, response.text) == (502, "upstream said: {oops")


def test_fail_next_without_a_body_sends_a_hubspot_shaped_envelope(sandbox: Sandbox, api: Api) -> None:
    sandbox.fail_next("*", "/crm/v3/", 503, count=2)
    first = api.get(f"{CONTACTS}/512")
    second = api.patch(f"{CONTACTS}/512", SEED_PAGE_BODY)  # "*" matches any method
    for response in (first, second):
        assert response.status_code == 503
        assert response.json() == {
            "status": "error",
            "message": "Service Unavailable (a fault the sandbox was asked to inject)",
            "correlationId": response.headers["x-hubspot-correlation-id"],
        }
    assert api.get(f"{CONTACTS}/512").status_code == 200


def test_faults_come_before_the_token_check_and_are_not_rate_limited() -> None:
    with Sandbox(burst=1) as sb:
        sb.fail_next("GET", "/", 500, {"message": "boom"}, count=3)
        for token in (None, "wrong", sb.mint_token(scopes=[])):
            assert Api(sb.url, token).get(f"{CONTACTS}/512").status_code == 500
        assert sb.rate_limits["burstRemaining"] == 1


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (
            "fail",
            "PATCH /crm/v3/objects/contacts 503 2",
            FaultSpec("fail", "PATCH", "/crm/v3/objects/contacts", 2, 503),
        ),
        ("fail", "get / 500", FaultSpec("fail", "GET", "/", 1, 500)),
        (
            "fail",
            'GET / 429 1 {"message": "slow down"}',
            FaultSpec("fail", "GET", "/", 1, 429, {"message": "slow down"}),
        ),
        (
            "fail",
            "GET / 502 1 <html>Bad gateway</html>",
            FaultSpec("fail", "GET", "/", 1, 502, "<html>Bad gateway</html>"),
        ),
        ("drop", "GET /crm/v3/objects/contacts", FaultSpec("drop", "GET", "/crm/v3/objects/contacts")),
        ("truncate", "* /crm 3", FaultSpec("truncate", "*", "/crm", 3)),
        ("garble", "PATCH / 2", FaultSpec("garble", "PATCH", "/", 2)),
    ],
)
def test_parse_fault_spec(kind: str, text: str, expected: FaultSpec) -> None:
    assert parse_fault_spec(kind, text) == expected


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("fail", "PATCH /crm/v3/objects/contacts"),
        ("fail", "PATCH /x abc"),
        ("fail", "PATCH /x 99"),
        ("fail", "PATCH /x 503 0"),
        ("drop", "GET"),
        ("drop", "GET /x 1 extra"),
        ("drop", "GET crm/v3"),
        ("explode", "GET /"),
        ("garble", "G3T / 1"),
    ],
)
def test_parse_fault_spec_refuses_nonsense(kind: str, text: str) -> None:
    with pytest.raises(ValueError):
        parse_fault_spec(kind, text)


# --- admin endpoint ------------------------------------------------------------------------------


def _admin(
    sb: Sandbox, method: str, path: str, body: object = None, secret: str | None = None
) -> requests.Response:
    headers = {ADMIN: sb.admin_secret if secret is None else secret}
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    return requests.request(method, sb.url + path, data=data, headers=headers, timeout=TIMEOUT)


def test_admin_needs_the_secret(sandbox: Sandbox) -> None:
    assert len(sandbox.admin_secret) >= 20
    for secret in ("", "wrong", sandbox.admin_secret + "x"):
        response = _admin(sandbox, "GET", "/_sandbox/faults", secret=secret)
        assert response.status_code == 403
        assert "X-Sandbox-Admin" in response.json()["message"]
    assert sandbox.requests == []  # admin calls are never recorded


def test_admin_adds_faults_and_shows_them(sandbox: Sandbox, api: Api) -> None:
    answer = _admin(
        sandbox, "POST", "/_sandbox/faults", {"kind": "fail", "spec": "PATCH /crm/v3/objects/contacts 503 2"}
    )
    assert answer.status_code == 200
    assert answer.json()["faults"] == [
        {"kind": "fail", "method": "PATCH", "path": "/crm/v3/objects/contacts", "status": 503, "remaining": 2}
    ]
    _admin(sandbox, "POST", "/_sandbox/faults", {"kind": "drop", "method": "get", "path": CONTACTS})
    _admin(
        sandbox,
        "POST",
        "/_sandbox/faults",
        {
            "kind": "fail",
            "method": "GET",
            "path": "/crm/v3/properties",
            "status": 429,
            "body": {"status": "error", "message": "You have reached your secondly limit."},
            "headers": {"Retry-After": "1"},
        },
    )
    _admin(
        sandbox, "POST", "/_sandbox/faults", {"kind": "garble", "method": "GET", "path": "/crm/v3/properties"}
    )
    state = _admin(sandbox, "GET", "/_sandbox/faults").json()
    assert [f["kind"] for f in state["faults"]] == ["fail", "drop", "fail", "garble"]
    assert api.patch(f"{CONTACTS}/512", SEED_PAGE_BODY).status_code == 503
    with pytest.raises(requests.ConnectionError):
        api.get(f"{CONTACTS}/512")
    limited = api.get("/crm/v3/properties/contacts")
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "1"
    assert api.get("/crm/v3/properties/contacts").text == GARBLED_BODY
    assert [f["remaining"] for f in _admin(sandbox, "GET", "/_sandbox/faults").json()["faults"]] == [1]
    assert _admin(sandbox, "DELETE", "/_sandbox/faults").json()["faults"] == []
    assert api.patch(f"{CONTACTS}/512", SEED_PAGE_BODY).status_code == 200


def test_admin_sets_latency_and_truncation(sandbox: Sandbox, api: Api) -> None:
    state = _admin(
        sandbox,
        "POST",
        "/_sandbox/faults",
        {"latency": 0.25, "kind": "truncate", "method": "GET", "path": "/"},
    )
    assert state.json()["latency"] == 0.25 and sandbox.latency == 0.25
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        api.get(f"{CONTACTS}/512")
    _admin(sandbox, "DELETE", "/_sandbox/faults")
    assert sandbox.latency == 0


def test_admin_sets_rate_limits_and_is_never_counted(sandbox: Sandbox, api: Api) -> None:
    state = _admin(sandbox, "POST", "/_sandbox/limits", {"burst": 1, "daily": 50, "searchPerSecond": 2})
    assert state.json()["limits"] == {
        "burst": 1,
        "burstRemaining": 1,
        "daily": 50,
        "dailyRemaining": 50,
        "searchPerSecond": 2,
    }
    sandbox.fail_next("*", "/", 500)  # faults never touch admin calls either
    for _ in range(3):
        assert _admin(sandbox, "GET", "/_sandbox/faults").status_code == 200
    sandbox.reset_faults()
    assert api.get(f"{CONTACTS}/512").status_code == 200
    assert api.get(f"{CONTACTS}/512").status_code == 429
    _admin(sandbox, "POST", "/_sandbox/limits", {"reset": True})
    assert api.get(f"{CONTACTS}/512").status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("POST", "/_sandbox/faults", b"not json", 400),
        ("POST", "/_sandbox/faults", [], 400),
        ("POST", "/_sandbox/faults", {}, 400),
        ("POST", "/_sandbox/faults", {"latency": -1}, 400),
        ("POST", "/_sandbox/faults", {"latency": "slow"}, 400),
        ("POST", "/_sandbox/faults", {"kind": "fail", "method": "GET", "path": "/"}, 400),
        ("POST", "/_sandbox/faults", {"kind": "melt", "method": "GET", "path": "/"}, 400),
        ("POST", "/_sandbox/faults", {"kind": "drop", "method": "GET", "path": "/", "count": 0}, 400),
        ("POST", "/_sandbox/faults", {"kind": "fail", "spec": "GET /"}, 400),
        ("POST", "/_sandbox/limits", {"burst": -1}, 400),
        ("POST", "/_sandbox/limits", {"bursts": 1}, 400),
        ("POST", "/_sandbox/limits", {"burst": "many"}, 400),
        ("GET", "/_sandbox/limits", None, 404),
        ("GET", "/_sandbox/other", None, 404),
    ],
)
def test_admin_refuses_bad_calls(sandbox: Sandbox, method: str, path: str, body: object, status: int) -> None:
    response = _admin(sandbox, method, path, body)
    assert response.status_code == status
    assert response.json()["message"]
    assert _admin(sandbox, "GET", "/_sandbox/faults").json()["faults"] == []


def test_admin_answers_only_loopback_clients() -> None:
    faults = Faults()
    admin = Admin(faults, RateLimits(lambda: 0.0), "s3cret")
    headers = {ADMIN: "s3cret"}
    assert admin.handle("GET", "/_sandbox/faults", headers, b"", "127.0.0.1").status == 200
    assert admin.handle("GET", "/_sandbox/faults", headers, b"", "::1").status == 200
    assert admin.handle("GET", "/_sandbox/faults", headers, b"", "::ffff:127.0.0.1").status == 200
    assert admin.handle("GET", "/_sandbox/faults", headers, b"", "192.0.2.7").status == 403
    assert admin.handle("GET", "/_sandbox/faults", headers, b"", "not-an-address").status == 403
