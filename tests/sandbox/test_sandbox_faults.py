"""Test hooks: request log, hold/release, fail_next, drop_next, latency, stop()."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
import requests
from sandbox_testkit import CONTACTS, SEED_PAGE_BODY, Api

from contact_editor.sandbox import DEMO_TOKEN, RecordedRequest, Sandbox


class Background:
    """Run one call in a thread; keep its result or exception (never let the thread raise)."""

    def __init__(self, call: Any) -> None:
        self.result: Any = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(call,), daemon=True)
        self._thread.start()

    def _run(self, call: Any) -> None:
        try:
            self.result = call()
        except BaseException as exc:
            self.error = exc

    def join(self, timeout: float = 5.0) -> None:
        self._thread.join(timeout)
        assert not self._thread.is_alive(), "background request did not finish"


def test_requests_are_recorded_without_the_token(sandbox: Sandbox, api: Api) -> None:
    api.get(f"{CONTACTS}/512", params=[("properties", "a,b"), ("properties", "c")])
    api.patch(f"{CONTACTS}/512", SEED_PAGE_BODY)
    Api(sandbox.url, token="wrong").get(f"{CONTACTS}/512")
    get, patch, unauthorized = sandbox.requests
    assert get == RecordedRequest("GET", f"{CONTACTS}/512", {"properties": ["a,b", "c"]}, None,
                                  get.headers, authorized=True)
    assert patch.method == "PATCH" and patch.body == SEED_PAGE_BODY
    assert patch.headers["content-type"] == "application/json"
    assert unauthorized.authorized is False
    for recorded in sandbox.requests:
        assert "authorization" not in recorded.headers
        assert DEMO_TOKEN not in repr(recorded) and "wrong" not in repr(recorded)
    sandbox.clear_requests()
    assert sandbox.requests == []


def test_hold_makes_patch_wait_until_released(sandbox: Sandbox, api: Api) -> None:
    gate = sandbox.hold("PATCH")
    call = Background(lambda: api.patch(f"{CONTACTS}/512", SEED_PAGE_BODY))
    assert gate.wait_for_waiting(1, timeout=5)
    assert api.get(f"{CONTACTS}/512").status_code == 200  # GETs are not held
    assert sandbox.contact_values("512")["property_string"] == "old value"
    assert sandbox.requests[-2].method == "PATCH"  # recorded on arrival, before the hold
    gate.release()
    call.join()
    assert call.error is None and call.result.status_code == 200
    assert sandbox.contact_values("512")["property_string"] == "value"
    assert api.patch_contact("512", {"firstname": "Again"}).status_code == 200  # released for good


def test_stop_while_a_request_is_held_returns_promptly(sandbox: Sandbox, api: Api) -> None:
    gate = sandbox.hold("PATCH")
    call = Background(lambda: api.patch(f"{CONTACTS}/512", SEED_PAGE_BODY))
    assert gate.wait_for_waiting(1, timeout=5)
    started = time.monotonic()
    sandbox.stop()
    assert time.monotonic() - started < 1.5
    call.join()
    assert call.error is not None or call.result.status_code == 200
    sandbox.stop()  # idempotent
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{api.base}{CONTACTS}/512", timeout=2)
    with pytest.raises(RuntimeError):
        sandbox.start()


def test_stop_closes_idle_keep_alive_connections(sandbox: Sandbox) -> None:
    with requests.Session() as session:
        session.headers["Authorization"] = f"Bearer {DEMO_TOKEN}"
        assert session.get(f"{sandbox.url}{CONTACTS}/512", timeout=5).status_code == 200
        url = sandbox.url
        sandbox.stop()
        with pytest.raises(requests.ConnectionError):
            session.get(f"{url}{CONTACTS}/512", timeout=2)


def test_fail_next_answers_count_times_then_normally(sandbox: Sandbox, api: Api) -> None:
    body = {"status": "error", "message": "You have reached your ten_secondly_rolling limit.",
            "errorType": "RATE_LIMIT", "policyName": "TEN_SECONDLY_ROLLING"}
    sandbox.fail_next("PATCH", CONTACTS, 429, body, count=2, headers={"Retry-After": "1"})
    for _ in range(2):
        response = api.patch(f"{CONTACTS}/512", SEED_PAGE_BODY)
        assert response.status_code == 429
        assert response.json() == body
        assert response.headers["Retry-After"] == "1"
        assert "x-hubspot-correlation-id" in response.headers
    assert sandbox.contact_values("512")["property_string"] == "old value"
    assert api.patch(f"{CONTACTS}/512", SEED_PAGE_BODY).status_code == 200


def test_fail_next_with_a_text_body_and_prefix_matching(sandbox: Sandbox, api: Api) -> None:
    sandbox.fail_next("GET", "/crm/v3/properties", 502, "<html><body>Bad gateway</body></html>")
    assert api.get(f"{CONTACTS}/512").status_code == 200  # other path: unaffected
    response = api.get("/crm/v3/properties/contacts")
    assert response.status_code == 502
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.text.startswith("<html>")
    assert api.get("/crm/v3/properties/contacts").status_code == 200


def test_drop_next_closes_the_connection_without_an_answer(sandbox: Sandbox, api: Api) -> None:
    sandbox.drop_next("GET", CONTACTS)
    with pytest.raises(requests.ConnectionError):
        api.get(f"{CONTACTS}/512")
    assert api.get(f"{CONTACTS}/512").status_code == 200


def test_latency_delays_every_answer(sandbox: Sandbox, api: Api) -> None:
    sandbox.latency = 0.3
    started = time.monotonic()
    assert api.get(f"{CONTACTS}/512").status_code == 200
    assert time.monotonic() - started >= 0.3
    sandbox.latency = 0
    started = time.monotonic()
    api.get(f"{CONTACTS}/512")
    assert time.monotonic() - started < 0.3
    with pytest.raises(ValueError):
        sandbox.latency = -1


def test_stop_does_not_wait_out_a_long_latency(sandbox: Sandbox, api: Api) -> None:
    sandbox.latency = 30
    call = Background(lambda: api.get(f"{CONTACTS}/512"))
    time.sleep(0.2)
    started = time.monotonic()
    sandbox.stop()
    assert time.monotonic() - started < 1.5
    call.join()


def test_reset_faults_releases_gates_and_forgets_failures(sandbox: Sandbox, api: Api) -> None:
    gate = sandbox.hold("GET")
    sandbox.fail_next("GET", "/", 500, {"message": "boom"})
    sandbox.latency = 5
    sandbox.reset_faults()
    assert gate.released
    started = time.monotonic()
    assert api.get(f"{CONTACTS}/512").status_code == 200
    assert time.monotonic() - started < 1


def test_url_and_repr_never_show_the_token() -> None:
    sandbox = Sandbox(token="my-private-token")
    with pytest.raises(RuntimeError):
        _ = sandbox.url
    with sandbox as running:
        assert running.url.startswith("http://127.0.0.1:")
        assert running.port > 0
        assert "my-private-token" not in repr(running)
        response = Api(running.url, token="my-private-token").get(f"{CONTACTS}/512")
        assert response.status_code == 200
        assert Api(running.url).get(f"{CONTACTS}/512").status_code == 401
