"""Rate limits over loopback: X-HubSpot-RateLimit-* headers, 429 TEN_SECONDLY_ROLLING past the burst
budget, DAILY past the daily one, search's own SECONDLY limit, and x-hubspot-correlation-id on every
answer. Tiny budgets and a fake clock keep this fast."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import requests
from sandbox_testkit import CONTACTS, TIMEOUT, Api, FakeClock

from contact_editor.hubspot.errors import RateLimitError, parse_error_response
from contact_editor.sandbox import Sandbox

SEARCH = f"{CONTACTS}/search"
SEARCH_BODY = {"filterGroups": [], "limit": 1}
START = datetime(2026, 12, 3, 23, 59, 0, tzinfo=UTC).timestamp()  # one minute before UTC midnight
LIMIT_HEADERS = (
    "X-HubSpot-RateLimit-Max",
    "X-HubSpot-RateLimit-Remaining",
    "X-HubSpot-RateLimit-Interval-Milliseconds",
    "X-HubSpot-RateLimit-Daily",
    "X-HubSpot-RateLimit-Daily-Remaining",
)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


def _sandbox(clock: FakeClock, **limits: int) -> Sandbox:
    return Sandbox(clock=clock, **limits)


@pytest.fixture
def sb(clock: FakeClock) -> Iterator[Sandbox]:
    with _sandbox(clock, burst=3, daily=1000, search_per_second=2) as sandbox:
        yield sandbox


def _limits(response: requests.Response) -> dict[str, int]:
    return {name: int(response.headers[name]) for name in LIMIT_HEADERS if name in response.headers}


def _search(api: Api) -> requests.Response:
    return requests.post(api.base + SEARCH, json=SEARCH_BODY, headers=api.headers, timeout=TIMEOUT)


def _assert_429(response: requests.Response, policy: str, message: str) -> None:
    assert response.status_code == 429
    body = response.json()
    correlation_id = response.headers["x-hubspot-correlation-id"]
    window = {"TEN_SECONDLY_ROLLING": "ten-secondly", "SECONDLY": "search-secondly", "DAILY": "daily"}[policy]
    assert body == {
        "status": "error",
        "message": message,
        "errorType": "RATE_LIMIT",
        "correlationId": correlation_id,
        "policyName": policy,
        "groupName": f"publicapi:private-app-api-calls-{window}:1234567",
    }
    assert list(body) == ["status", "message", "errorType", "correlationId", "policyName", "groupName"]
    assert "Retry-After" not in response.headers  # behaviour.RATE_LIMIT_RETRY_AFTER is None
    error = parse_error_response(response.status_code, response.text, response.headers)
    assert isinstance(error, RateLimitError) and error.policy_name == policy


def test_defaults_are_hubspots_free_starter_figures() -> None:
    with Sandbox() as sb:
        response = Api(sb.url).get(f"{CONTACTS}/512")
        assert _limits(response) == {
            "X-HubSpot-RateLimit-Max": 100,
            "X-HubSpot-RateLimit-Remaining": 99,
            "X-HubSpot-RateLimit-Interval-Milliseconds": 10000,
            "X-HubSpot-RateLimit-Daily": 250000,
            "X-HubSpot-RateLimit-Daily-Remaining": 249999,
        }
        assert sb.rate_limits == {
            "burst": 100,
            "burstRemaining": 99,
            "daily": 250000,
            "dailyRemaining": 249999,
            "searchPerSecond": 5,
        }


def test_headers_count_down_on_every_kind_of_answer(sb: Sandbox) -> None:
    api = Api(sb.url)
    ok = api.get(f"{CONTACTS}/512")
    not_found = api.get(f"{CONTACTS}/999")
    invalid = api.patch_contact("512", {"nope": "x"})
    assert [r.status_code for r in (ok, not_found, invalid)] == [200, 404, 400]
    assert [_limits(r)["X-HubSpot-RateLimit-Remaining"] for r in (ok, not_found, invalid)] == [2, 1, 0]
    assert [_limits(r)["X-HubSpot-RateLimit-Daily-Remaining"] for r in (ok, not_found, invalid)] == [
        999,
        998,
        997,
    ]
    assert all(_limits(r)["X-HubSpot-RateLimit-Interval-Milliseconds"] == 10000 for r in (ok, invalid))
    unauthorized = Api(sb.url, token=None).get(f"{CONTACTS}/512")
    assert unauthorized.status_code == 401 and _limits(unauthorized) == {}  # not counted either
    assert sb.rate_limits["dailyRemaining"] == 997


def test_burst_budget_then_429_ten_secondly_rolling(sb: Sandbox, clock: FakeClock) -> None:
    api = Api(sb.url)
    for second in (0.0, 4.0, 6.0):
        clock.now = START + second
        assert api.get(f"{CONTACTS}/512").status_code == 200
    clock.now = START + 9.9
    refused = api.patch_contact("512", {"firstname": "Too"})
    _assert_429(refused, "TEN_SECONDLY_ROLLING", "You have reached your ten_secondly_rolling limit.")
    assert _limits(refused)["X-HubSpot-RateLimit-Remaining"] == 0
    assert sb.contact_values("512")["firstname"] == "Maria"  # a refused PATCH changes nothing
    assert _search(api).status_code != 429  # search is exempt from the ten-second bucket
    clock.now = START + 10.0  # the request at 0 s has left the rolling window; refused ones never counted
    response = api.get(f"{CONTACTS}/512")
    assert response.status_code == 200 and _limits(response)["X-HubSpot-RateLimit-Remaining"] == 0
    assert api.get(f"{CONTACTS}/512").status_code == 429
    clock.now = START + 16.0  # 4 s and 6 s have left too
    assert [api.get(f"{CONTACTS}/512").status_code for _ in range(3)] == [200, 200, 429]


def test_daily_budget_then_429_daily_until_utc_midnight(clock: FakeClock) -> None:
    with _sandbox(clock, burst=100, daily=3, search_per_second=5) as sb:
        api = Api(sb.url)
        assert api.get(f"{CONTACTS}/512").status_code == 200
        assert _search(api).status_code != 429  # a search counts toward the daily budget
        last = api.get(f"{CONTACTS}/512")
        assert _limits(last)["X-HubSpot-RateLimit-Daily-Remaining"] == 0
        refused = api.get(f"{CONTACTS}/512")
        _assert_429(refused, "DAILY", "You have reached your daily limit.")
        assert _limits(refused)["X-HubSpot-RateLimit-Daily-Remaining"] == 0
        _assert_429(_search(api), "DAILY", "You have reached your daily limit.")
        clock.now = START + 59.999
        assert api.get(f"{CONTACTS}/512").status_code == 429
        clock.now = START + 60.0  # midnight UTC, the sandbox account's time zone
        response = api.get(f"{CONTACTS}/512")
        assert response.status_code == 200 and _limits(response)["X-HubSpot-RateLimit-Daily-Remaining"] == 2


def test_search_has_its_own_per_second_limit_and_no_headers(sb: Sandbox, clock: FakeClock) -> None:
    api = Api(sb.url)
    first, second = _search(api), _search(api)
    assert first.status_code != 429 and second.status_code != 429
    for response in (first, second):
        assert _limits(response) == {}
        assert "x-hubspot-correlation-id" in response.headers
    refused = _search(api)
    _assert_429(refused, "SECONDLY", "You have reached your secondly limit.")
    assert _limits(refused) == {}
    versioned = requests.post(
        f"{sb.url}/crm/objects/2026-03/contacts/search",
        json=SEARCH_BODY,
        headers=api.headers,
        timeout=TIMEOUT,
    )
    assert versioned.status_code == 429  # the same account-wide search limit
    response = api.get(f"{CONTACTS}/512")
    assert response.status_code == 200
    assert _limits(response)["X-HubSpot-RateLimit-Remaining"] == 2  # searches never used the burst budget
    clock.now += 1.0
    assert _search(api).status_code != 429


def test_set_limits_and_reset_limits(sb: Sandbox) -> None:
    api = Api(sb.url)
    sb.set_limits(burst=1)
    assert api.get(f"{CONTACTS}/512").status_code == 200
    assert api.get(f"{CONTACTS}/512").status_code == 429
    sb.reset_limits()
    assert sb.rate_limits["burstRemaining"] == 1 and sb.rate_limits["dailyRemaining"] == 1000
    assert api.get(f"{CONTACTS}/512").status_code == 200
    sb.set_limits(daily=0)
    assert api.get(f"{CONTACTS}/512").json()["policyName"] == "DAILY"
    with pytest.raises(ValueError):
        sb.set_limits(burst=-1)
    with pytest.raises(ValueError):
        Sandbox(search_per_second=True)


def test_every_answer_carries_a_correlation_id(sb: Sandbox) -> None:
    api = Api(sb.url)
    sb.set_limits(burst=100, search_per_second=100)
    sb.fail_next("GET", "/crm/v3/properties", 503)
    sb.garble_next("GET", "/crm/v3/properties/contacts/groups")
    answers = [
        api.get(f"{CONTACTS}/512"),  # 200
        api.get(f"{CONTACTS}/999"),  # 404
        api.patch_contact("512", {"nope": "1"}),  # 400
        Api(sb.url, token=None).get(f"{CONTACTS}/512"),  # 401
        Api(sb.url, sb.mint_token(scopes=[])).get(f"{CONTACTS}/512"),  # 403
        api.get("/crm/v3/properties/contacts"),  # canned 503
        api.get("/crm/v3/properties/contacts/groups"),  # garbled 200
        _search(api),
    ]
    sb.set_limits(burst=0)
    answers.append(api.get(f"{CONTACTS}/512"))  # 429
    statuses = [a.status_code for a in answers]
    assert statuses[:7] == [200, 404, 400, 401, 403, 503, 200] and statuses[-1] == 429
    ids = [a.headers["x-hubspot-correlation-id"] for a in answers]
    assert len(set(ids)) == len(ids)
    for answer in answers:
        if answer.status_code >= 400 and answer.request.path_url != SEARCH:
            assert answer.json()["correlationId"] == answer.headers["x-hubspot-correlation-id"]
