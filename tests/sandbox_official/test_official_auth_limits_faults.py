"""HubSpot's official client against the sandbox's 401/403/429 answers and injected faults: each error
arrives as the client's ApiException subclass with HubSpot's body; broken answers surface as urllib3
errors instead of hanging; urllib3's retry middleware behaves as it would against HubSpot."""

from __future__ import annotations

import threading
import time

import pytest
import urllib3
from hubspot.crm.contacts import ApiException, SimplePublicObjectInput
from hubspot.crm.contacts.exceptions import ForbiddenException, ServiceException, UnauthorizedException
from hubspot.crm.owners.exceptions import ForbiddenException as OwnersForbidden
from hubspot.crm.properties.exceptions import ApiException as PropertiesApiException
from hubspot.crm.properties.exceptions import ForbiddenException as PropertiesForbidden
from hubspot.crm.properties.exceptions import UnauthorizedException as PropertiesUnauthorized
from official_kit import assert_hubspot_error, error_body, official_client
from urllib3.util.retry import Retry

from contact_editor.sandbox import Sandbox
from hubspot import HubSpot

READ = "crm.objects.contacts.read"
WRITE = "crm.objects.contacts.write"
CONTACTS = "/crm/v3/objects/contacts"


def _update(client: HubSpot, contact_id: str = "512", **properties: str) -> object:
    return client.crm.contacts.basic_api.update(contact_id, SimplePublicObjectInput(properties=properties))


# --- 401 and 403 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "token", [None, "pat-na1-00000000-0000-4000-8000-000000000000"], ids=["none", "unknown"]
)
def test_missing_or_unknown_token(sandbox: Sandbox, token: str | None) -> None:
    client = official_client(sandbox.url, token=token)  # type: ignore[arg-type]
    with pytest.raises(UnauthorizedException) as caught:
        client.crm.contacts.basic_api.get_by_id("512")
    body = assert_hubspot_error(caught.value, 401, "INVALID_AUTHENTICATION")
    assert body["message"].startswith("Authentication credentials not found.")
    assert caught.value.headers["x-hubspot-auth-failure"] == "401 Unauthorized"
    with pytest.raises(PropertiesUnauthorized):
        client.crm.properties.core_api.get_all("contacts")


def test_expired_token(sandbox: Sandbox) -> None:
    client = official_client(sandbox.url, token=sandbox.mint_token(expires_in=-30))
    with pytest.raises(UnauthorizedException) as caught:
        client.crm.contacts.basic_api.get_by_id("512")
    body = assert_hubspot_error(caught.value, 401, "EXPIRED_AUTHENTICATION")
    assert body["message"] in {
        f"The OAuth token used to make this call expired {n} second(s) ago." for n in (30, 31)
    }
    assert list(body["context"]) == ["expire time"] and body["context"]["expire time"][0].endswith("Z")
    assert caught.value.headers["x-hubspot-auth-failure"] == "401 Unauthorized"


def test_read_only_token_can_read_but_not_write(sandbox: Sandbox) -> None:
    client = official_client(sandbox.url, token=sandbox.mint_token(scopes=[READ]))
    assert client.crm.contacts.basic_api.get_by_id("512").id == "512"
    assert client.crm.properties.core_api.get_all("contacts").results
    with pytest.raises(ForbiddenException) as caught:
        _update(client, firstname="Nope")
    body = assert_hubspot_error(caught.value, 403, "MISSING_SCOPES")
    assert body["errors"] == [
        {
            "message": "One or more of the following scopes are required.",
            "context": {"requiredScopes": [WRITE]},
        }
    ]
    assert body["links"] == {"scopes": "https://developers.hubspot.com/scopes"}
    assert sandbox.contact_values("512")["firstname"] == "Maria"


def test_missing_scopes_on_properties_and_owners(sandbox: Sandbox) -> None:
    client = official_client(sandbox.url, token=sandbox.mint_token(scopes=["oauth"]))
    with pytest.raises(PropertiesForbidden) as caught:
        client.crm.properties.groups_api.get_all("contacts")
    body = assert_hubspot_error(caught.value, 403, "MISSING_SCOPES")
    assert body["errors"][0]["context"]["requiredScopes"] == [
        "crm.objects.contacts.read",
        "crm.schemas.contacts.read",
    ]
    with pytest.raises(OwnersForbidden) as caught_owners:
        client.crm.owners.owners_api.get_page()
    body = assert_hubspot_error(caught_owners.value, 403, "MISSING_SCOPES")
    assert body["errors"][0]["context"]["requiredScopes"] == ["crm.objects.owners.read"]
    schemas_only = official_client(
        sandbox.url, token=sandbox.mint_token(scopes=["crm.schemas.contacts.read"])
    )
    assert schemas_only.crm.properties.groups_api.get_all("contacts").results


# --- 429 -------------------------------------------------------------------------------------------


def _assert_rate_limited(exc: ApiException, policy: str, message: str) -> None:
    assert type(exc) is ApiException and exc.status == 429  # no subclass for 429 in the client
    body = error_body(exc)
    assert body["message"] == message and body["policyName"] == policy and body["errorType"] == "RATE_LIMIT"
    assert body["correlationId"] == exc.headers["x-hubspot-correlation-id"]
    # Real 429 bodies have no `category` (hubspot-api-python#117), so HubSpot's own Error model, which
    # requires one, cannot hold them either; the sandbox copies the real shape.
    assert "category" not in body


def test_burst_limit(sandbox: Sandbox) -> None:
    sandbox.set_limits(burst=2)
    client = official_client(sandbox.url)
    client.crm.contacts.basic_api.get_by_id("512")
    _update(client, firstname="Mia")
    with pytest.raises(ApiException) as caught:
        client.crm.contacts.basic_api.get_by_id("512")
    _assert_rate_limited(
        caught.value, "TEN_SECONDLY_ROLLING", "You have reached your ten_secondly_rolling limit."
    )
    assert caught.value.headers["X-HubSpot-RateLimit-Remaining"] == "0"
    assert "Retry-After" not in caught.value.headers


def test_daily_limit(sandbox: Sandbox) -> None:
    sandbox.set_limits(daily=1)
    client = official_client(sandbox.url)
    client.crm.properties.core_api.get_by_name("contacts", "email")
    with pytest.raises(PropertiesApiException) as caught:
        client.crm.properties.core_api.get_by_name("contacts", "email")
    assert caught.value.status == 429
    assert error_body(caught.value)["policyName"] == "DAILY"


def test_search_secondly_limit(sandbox: Sandbox) -> None:
    sandbox.set_limits(search_per_second=0)
    client = official_client(sandbox.url)
    with pytest.raises(ApiException) as caught:
        client.crm.contacts.search_api.do_search({"filterGroups": [], "limit": 1})
    _assert_rate_limited(caught.value, "SECONDLY", "You have reached your secondly limit.")
    assert not [h for h in caught.value.headers if h.lower().startswith("x-hubspot-ratelimit")]


def test_urllib3_retry_on_429_does_not_wait_without_retry_after(sandbox: Sandbox) -> None:
    sandbox.set_limits(burst=1)
    retry = Retry(total=2, status_forcelist=[429], backoff_factor=0)
    client = official_client(sandbox.url, retry=retry)
    client.crm.contacts.basic_api.get_by_id("512")
    started = time.monotonic()
    with pytest.raises(urllib3.exceptions.MaxRetryError, match="429"):
        client.crm.contacts.basic_api.get_by_id("512")
    assert time.monotonic() - started < 2
    assert [r.method for r in sandbox.requests] == ["GET"] * 4  # 1 + the first try + 2 retries


# --- faults ----------------------------------------------------------------------------------------


def test_server_errors_arrive_as_service_exceptions(sandbox: Sandbox, hubspot: HubSpot) -> None:
    sandbox.fail_next("PATCH", CONTACTS, 503)
    with pytest.raises(ServiceException) as caught:
        _update(hubspot, firstname="Mia")
    assert caught.value.status == 503
    assert error_body(caught.value)["correlationId"] == caught.value.headers["x-hubspot-correlation-id"]
    sandbox.fail_next("GET", CONTACTS, 502, "<html><body>Bad gateway</body></html>")
    with pytest.raises(ServiceException) as caught:
        hubspot.crm.contacts.basic_api.get_by_id("512")
    assert caught.value.body.startswith("<html>")


def test_urllib3_retry_recovers_from_one_503(sandbox: Sandbox) -> None:
    sandbox.fail_next("GET", CONTACTS, 503)
    client = official_client(sandbox.url, retry=Retry(total=2, status_forcelist=[503], backoff_factor=0))
    assert client.crm.contacts.basic_api.get_by_id("512").id == "512"
    assert len(sandbox.requests) == 2


def test_dropped_connection_without_retries(sandbox: Sandbox, hubspot: HubSpot) -> None:
    sandbox.drop_next("GET", CONTACTS)
    with pytest.raises(urllib3.exceptions.ProtocolError):
        hubspot.crm.contacts.basic_api.get_by_id("512")
    assert hubspot.crm.contacts.basic_api.get_by_id("512").id == "512"


def test_urllib3_default_retries_resend_a_dropped_get_but_not_a_patch(sandbox: Sandbox) -> None:
    client = official_client(sandbox.url, retry=None)  # type: ignore[arg-type]  # urllib3's default: 3
    sandbox.drop_next("GET", CONTACTS)
    assert client.crm.contacts.basic_api.get_by_id("512").id == "512"
    assert [r.method for r in sandbox.requests] == ["GET", "GET"]
    sandbox.drop_next("PATCH", CONTACTS)
    with pytest.raises(urllib3.exceptions.ProtocolError):
        _update(client, firstname="Mia")
    assert [r.method for r in sandbox.requests][2:] == ["PATCH"]


def test_truncated_body(sandbox: Sandbox, hubspot: HubSpot) -> None:
    sandbox.truncate_next("GET", CONTACTS)
    with pytest.raises(urllib3.exceptions.ProtocolError, match="IncompleteRead"):
        hubspot.crm.contacts.basic_api.get_by_id("512")
    sandbox.truncate_next("PATCH", CONTACTS)
    with pytest.raises(urllib3.exceptions.ProtocolError):
        _update(hubspot, firstname="Mia")
    assert sandbox.contact_values("512")["firstname"] == "Mia"  # processed, only the answer was cut


def test_non_json_body_is_not_turned_into_a_model(sandbox: Sandbox, hubspot: HubSpot) -> None:
    sandbox.garble_next("GET", CONTACTS)
    with pytest.raises(ValueError, match="must not be `None`"):
        hubspot.crm.contacts.basic_api.get_by_id("512")


def test_without_client_side_validation_a_non_json_body_becomes_an_empty_model(sandbox: Sandbox) -> None:
    """Why official_kit turns validation on: HubSpot's default configuration accepts anything."""
    lenient = HubSpot(access_token=sandbox.mint_token(), host=sandbox.url, retry=False)
    sandbox.garble_next("GET", CONTACTS)
    contact = lenient.crm.contacts.basic_api.get_by_id("512", _request_timeout=5)
    assert contact.id is None and contact.properties is None


def test_latency_and_a_read_timeout(sandbox: Sandbox, hubspot: HubSpot) -> None:
    sandbox.latency = 0.3
    started = time.monotonic()
    assert hubspot.crm.contacts.basic_api.get_by_id("512").id == "512"
    assert time.monotonic() - started >= 0.3
    sandbox.latency = 5
    started = time.monotonic()
    with pytest.raises(urllib3.exceptions.ReadTimeoutError):
        hubspot.crm.contacts.basic_api.get_by_id("512", _request_timeout=0.2)
    assert time.monotonic() - started < 2
    sandbox.latency = 0


def test_a_held_request_fails_promptly_when_the_sandbox_stops(sandbox: Sandbox, hubspot: HubSpot) -> None:
    gate = sandbox.hold("GET")
    errors: list[BaseException] = []

    def call() -> None:
        try:
            hubspot.crm.contacts.basic_api.get_by_id("512")
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    thread = threading.Thread(target=call, daemon=True)
    thread.start()
    assert gate.wait_for_waiting(1, timeout=5)
    sandbox.stop()
    thread.join(5)
    assert not thread.is_alive()
