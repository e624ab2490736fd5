"""HubSpotClient failures without a usable response (timeouts, dropped and refused connections)
and tokens that cannot be sent, over real loopback HTTP."""

from __future__ import annotations

import socket
import time
from typing import Any

import pytest
from hubspot_loopback_server import TOKEN, Canned, LoopbackServer

from contact_editor.hubspot.client import HubSpotClient
from contact_editor.hubspot.errors import AuthenticationError, InsecureUrlError, NetworkError


def contact_body(**props: str) -> dict[str, Any]:
    return {"id": "512", "properties": {"hs_object_id": "512", **props}}


# -- errors without a (usable) response -------------------------------------------------------------


def _timed(call: Any) -> tuple[BaseException, float]:
    start = time.monotonic()
    with pytest.raises(NetworkError) as info:
        call()
    return info.value, time.monotonic() - start


def test_server_too_slow_to_answer_times_out(server: LoopbackServer, client: HubSpotClient) -> None:
    server.queue(Canned(200, contact_body(), delay=5))
    err, elapsed = _timed(lambda: client.get_contact("512", ["email"]))
    assert isinstance(err, NetworkError) and err.timed_out
    assert elapsed < 2.5


def test_server_stalling_mid_body_times_out(server: LoopbackServer, client: HubSpotClient) -> None:
    server.queue(Canned(200, contact_body(note="x" * 2000), stall_mid_body=5))
    err, elapsed = _timed(lambda: client.get_contact("512", ["note"]))
    assert isinstance(err, NetworkError) and err.timed_out
    assert elapsed < 2.5


@pytest.mark.parametrize("drop", ["before", "mid_body"])
def test_dropped_connection(server: LoopbackServer, client: HubSpotClient, drop: str) -> None:
    server.queue(Canned(200, contact_body(note="x" * 2000), drop=drop))
    err, _ = _timed(lambda: client.patch_contact("512", {"note": "y"}))
    assert isinstance(err, NetworkError) and not err.timed_out
    assert err.status is None


def test_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with HubSpotClient(f"http://127.0.0.1:{port}", lambda: TOKEN, timeout=(0.5, 0.5)) as c:
        err, _ = _timed(c.list_properties)
    assert isinstance(err, NetworkError) and not err.timed_out


def test_missing_ca_bundle_is_a_network_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # F20: a frozen app without its CA bundle makes requests raise a bare OSError
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/nonexistent/cacert.pem")
    with HubSpotClient("https://127.0.0.1:9", lambda: TOKEN, timeout=(0.5, 0.5)) as c:
        err, _ = _timed(c.list_groups)
    assert isinstance(err, NetworkError) and not err.timed_out
    assert "OSError" in err.message


@pytest.mark.parametrize("token", ["", "   ", "with space", "line\nbreak", "caf\u00e9"])
def test_unusable_tokens_fail_before_any_request(server: LoopbackServer, token: str) -> None:
    with (
        HubSpotClient(server.url, lambda: token, timeout=(0.5, 0.5)) as c,
        pytest.raises(AuthenticationError) as info,
    ):
        c.get_contact("512", ["email"])
    assert info.value.status is None
    assert server.requests == []


def test_token_provider_failure_is_an_authentication_error(server: LoopbackServer) -> None:
    def broken() -> str:
        raise RuntimeError("keyring locked")

    with HubSpotClient(server.url, broken, timeout=(0.5, 0.5)) as c, pytest.raises(AuthenticationError):
        c.list_groups()
    assert server.requests == []


def test_plain_http_to_a_remote_host_is_refused_before_any_request() -> None:
    calls: list[str] = []

    def token() -> str:
        calls.append("asked")
        return TOKEN

    with pytest.raises(InsecureUrlError):
        HubSpotClient("http://api.hubapi.com", token)
    assert calls == []
