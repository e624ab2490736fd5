"""Tokens over loopback: 401 INVALID_AUTHENTICATION / EXPIRED_AUTHENTICATION, 403 MISSING_SCOPES
per endpoint (the REQUIRED_SCOPES table), minted tokens, and the app's error parser on these bodies."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import requests
from sandbox_testkit import CONTACTS, TIMEOUT, Api, FakeClock

from contact_editor.hubspot.errors import AuthenticationError, ForbiddenError, parse_error_response
from contact_editor.sandbox import DEMO_TOKEN, Sandbox
from contact_editor.sandbox.tokens import (
    ALL_SCOPES,
    CONTACTS_READ,
    CONTACTS_WRITE,
    OAUTH,
    OWNERS_READ,
    SCHEMAS_CONTACTS_READ,
    required_scopes,
)

AUTH_TEXT = "Authentication credentials not found."
START = datetime(2026, 12, 3, 12, 0, 0, tzinfo=UTC).timestamp()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def sb(clock: FakeClock) -> Iterator[Sandbox]:
    with Sandbox(clock=clock) as sandbox:
        yield sandbox


def _assert_401(response: requests.Response, category: str) -> dict[str, object]:
    assert response.status_code == 401
    assert response.headers["x-hubspot-auth-failure"] == "401 Unauthorized"
    body = response.json()
    assert body["status"] == "error" and body["category"] == category
    assert body["correlationId"] == response.headers["x-hubspot-correlation-id"]
    assert not any(k.lower().startswith("x-hubspot-ratelimit") for k in response.headers)
    return dict(body)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer not-a-known-token"},
        {"Authorization": f"Basic {DEMO_TOKEN}"},
        {"Authorization": DEMO_TOKEN},
    ],
    ids=["none", "empty", "unknown", "basic", "no-scheme"],
)
def test_missing_or_unknown_token_is_invalid_authentication(sb: Sandbox, headers: dict[str, str]) -> None:
    response = requests.get(f"{sb.url}{CONTACTS}/512", headers=headers, timeout=TIMEOUT)
    body = _assert_401(response, "INVALID_AUTHENTICATION")
    assert str(body["message"]).startswith(AUTH_TEXT)
    assert sb.requests[-1].authorized is False


def test_unknown_paths_check_the_token_first(sb: Sandbox) -> None:
    assert requests.get(f"{sb.url}/nowhere", timeout=TIMEOUT).status_code == 401
    assert Api(sb.url).get("/nowhere").status_code == 404


def test_token_minted_already_expired(sb: Sandbox, clock: FakeClock) -> None:
    token = sb.mint_token(expires_in=-5)
    assert token.startswith("pat-na1-") and token != sb.mint_token(expires_in=-5)
    body = _assert_401(Api(sb.url, token).get(f"{CONTACTS}/512"), "EXPIRED_AUTHENTICATION")
    assert body["message"] == "The OAuth token used to make this call expired 5 second(s) ago."
    assert body["context"] == {"expire time": ["2026-12-03T11:59:55.000Z"]}
    assert sb.requests[-1].authorized is False


def test_token_expires_while_in_use(sb: Sandbox, clock: FakeClock) -> None:
    token = sb.mint_token(scopes=[CONTACTS_READ], expires_in=1800)  # HubSpot's 30 minutes
    api = Api(sb.url, token)
    assert api.get(f"{CONTACTS}/512").status_code == 200
    clock.now += 1799.5
    assert api.get(f"{CONTACTS}/512").status_code == 200
    clock.now += 0.5
    body = _assert_401(api.get(f"{CONTACTS}/512"), "EXPIRED_AUTHENTICATION")
    assert body["message"] == "The OAuth token used to make this call expired 0 second(s) ago."
    clock.now += 61.9
    body = _assert_401(api.get(f"{CONTACTS}/512"), "EXPIRED_AUTHENTICATION")
    assert body["message"] == "The OAuth token used to make this call expired 61 second(s) ago."
    assert body["context"] == {"expire time": ["2026-12-03T12:30:00.000Z"]}
    assert Api(sb.url).get(f"{CONTACTS}/512").status_code == 200  # the main token never expires


def test_minted_token_without_scopes_argument_has_every_scope(sb: Sandbox) -> None:
    api = Api(sb.url, sb.mint_token())
    assert api.get(f"{CONTACTS}/512").status_code == 200
    assert api.patch_contact("512", {"firstname": "Mia"}).status_code == 200
    assert api.get("/account-info/v3/details").status_code == 200
    with pytest.raises(TypeError):
        sb.mint_token(scopes=CONTACTS_READ)


def test_custom_main_token_has_every_scope() -> None:
    with Sandbox(token="my-own") as sb:
        api = Api(sb.url, "my-own")
        assert api.patch_contact("512", {"firstname": "Mia"}).status_code == 200
        assert api.get("/account-info/v3/details").status_code == 200
        assert Api(sb.url).get(f"{CONTACTS}/512").status_code == 401


READ_ONLY = [CONTACTS_READ]

# (method, path, token scopes, the scopes a 403 names, or None when the token is enough)
SCOPE_CASES = [
    ("GET", f"{CONTACTS}/512", [CONTACTS_READ], None),
    ("GET", f"{CONTACTS}/512", [CONTACTS_WRITE], [CONTACTS_READ]),
    ("GET", "/crm/objects/2026-03/contacts/512", [OAUTH], [CONTACTS_READ]),
    ("GET", CONTACTS, [OWNERS_READ], [CONTACTS_READ]),
    ("POST", f"{CONTACTS}/search", [CONTACTS_WRITE], [CONTACTS_READ]),
    ("POST", f"{CONTACTS}/search", [CONTACTS_READ], None),
    ("POST", "/crm/objects/2026-03/contacts/batch/read", [CONTACTS_WRITE], [CONTACTS_READ]),
    ("POST", f"{CONTACTS}/batch/read", [CONTACTS_READ], None),
    ("PATCH", f"{CONTACTS}/512", [CONTACTS_READ], [CONTACTS_WRITE]),
    ("PATCH", "/crm/objects/2026-03/contacts/512", [CONTACTS_READ, OAUTH], [CONTACTS_WRITE]),
    ("DELETE", f"{CONTACTS}/512", [CONTACTS_READ], [CONTACTS_WRITE]),
    ("POST", CONTACTS, [CONTACTS_READ], [CONTACTS_WRITE]),
    ("GET", "/crm/v3/properties/contacts", [CONTACTS_READ], None),
    ("GET", "/crm/v3/properties/contacts", [SCHEMAS_CONTACTS_READ], None),
    ("GET", "/crm/v3/properties/contacts", [CONTACTS_WRITE], [CONTACTS_READ, SCHEMAS_CONTACTS_READ]),
    ("GET", "/crm/v3/properties/contacts/groups", [OAUTH], [CONTACTS_READ, SCHEMAS_CONTACTS_READ]),
    ("GET", "/crm/properties/2026-03/contacts/email", [OAUTH], [CONTACTS_READ, SCHEMAS_CONTACTS_READ]),
    ("GET", "/crm/v3/owners", [CONTACTS_READ], [OWNERS_READ]),
    ("GET", "/crm/v3/owners/41629779", [OWNERS_READ], None),
    ("GET", "/account-info/v3/details", [CONTACTS_READ, CONTACTS_WRITE], [OAUTH]),
    ("GET", "/account-info/2026-03/details", [OAUTH], None),
    ("GET", "/some/other/path", [], None),
]


@pytest.mark.parametrize(("method", "path", "scopes", "needed"), SCOPE_CASES)
def test_scopes_per_endpoint(
    sb: Sandbox, method: str, path: str, scopes: list[str], needed: list[str] | None
) -> None:
    token = sb.mint_token(scopes=scopes)
    body = {"properties": {"firstname": "X"}} if method in ("PATCH", "POST") else None
    response = requests.request(
        method, sb.url + path, json=body, headers={"Authorization": f"Bearer {token}"}, timeout=TIMEOUT
    )
    if needed is None:
        assert response.status_code != 403
        return
    assert response.status_code == 403
    data = response.json()
    assert data == {
        "status": "error",
        "message": "This app hasn't been granted all required scopes to make this call. Read more about "
        "required scopes here: https://developers.hubspot.com/scopes.",
        "correlationId": response.headers["x-hubspot-correlation-id"],
        "errors": [
            {
                "message": "One or more of the following scopes are required.",
                "context": {"requiredScopes": needed},
            }
        ],
        "links": {"scopes": "https://developers.hubspot.com/scopes"},
        "category": "MISSING_SCOPES",
    }
    assert "x-hubspot-auth-failure" not in response.headers
    assert sb.requests[-1].authorized is True  # a valid token, just not allowed here


def test_a_refused_patch_changes_nothing(sb: Sandbox) -> None:
    before = sb.contact_values("512")
    response = Api(sb.url, sb.mint_token(scopes=READ_ONLY)).patch_contact("512", {"firstname": "Nope"})
    assert response.status_code == 403
    assert sb.contact_values("512") == before


def test_required_scopes_table() -> None:
    assert required_scopes("get", f"{CONTACTS}/512") == {CONTACTS_READ}
    assert required_scopes("POST", f"{CONTACTS}/search/") == {CONTACTS_READ}
    assert required_scopes("POST", f"{CONTACTS}/merge") == {CONTACTS_WRITE}
    assert required_scopes("GET", "/crm/v3/objects/contactsX/1") == frozenset()
    assert required_scopes("GET", "/crm/v3/properties/companies") == frozenset()
    assert {CONTACTS_READ, CONTACTS_WRITE, SCHEMAS_CONTACTS_READ, OWNERS_READ, OAUTH} == ALL_SCOPES


def test_the_apps_parser_reads_the_401_and_403_bodies(sb: Sandbox) -> None:
    expired = Api(sb.url, sb.mint_token(expires_in=-1)).get(f"{CONTACTS}/512")
    error = parse_error_response(expired.status_code, expired.text, expired.headers)
    assert isinstance(error, AuthenticationError)
    assert error.category == "EXPIRED_AUTHENTICATION"
    assert error.correlation_id == expired.headers["x-hubspot-correlation-id"]
    forbidden = Api(sb.url, sb.mint_token(scopes=READ_ONLY)).patch_contact("512", {"firstname": "N"})
    error = parse_error_response(forbidden.status_code, forbidden.text, forbidden.headers)
    assert isinstance(error, ForbiddenError)
    assert error.required_scopes == (CONTACTS_WRITE,)
