"""The token never shows up in an error's str/repr, its chain, its traceback text, or the logs,
on every failure path, even when the server echoes it back."""

from __future__ import annotations

import logging
import socket
import traceback
from collections.abc import Callable, Iterator

import pytest
from hubspot_loopback_server import Canned, LoopbackServer

from contact_editor.hubspot.client import HubSpotClient
from contact_editor.hubspot.errors import HubSpotError

SECRET = "pat-na1-deadbeef-0000-4000-8000-feedfacecafe"
ECHO = f"Bearer {SECRET} is not valid"
EMBEDDED = (
    'Property values were not valid: [{"isValid":false,"message":"'
    + SECRET
    + '","error":"INVALID_OPTION","name":"'
    + SECRET
    + '"}]'
)


def echo_body(category: str) -> dict[str, object]:
    return {
        "status": "error",
        "message": EMBEDDED,
        "category": category,
        "correlationId": SECRET,
        "policyName": SECRET,
        "context": {"requiredGranularScopes": [SECRET], "token": [SECRET]},
        "errors": [
            {
                "message": ECHO + " Existing ID: 2002",
                "code": SECRET,
                "context": {"propertyName": [SECRET], "requiredScopes": [SECRET], "existingId": [SECRET]},
            }
        ],
    }


ECHO_HEADERS = {"X-HubSpot-Correlation-Id": SECRET, "Retry-After": SECRET, "Location": f"/x?t={SECRET}"}

ANSWERS = (
    [
        pytest.param(Canned(status, echo_body("X"), ECHO_HEADERS), id=f"json-{status}")
        for status in (400, 401, 403, 404, 409, 418, 429, 500, 503)
    ]
    + [
        pytest.param(Canned(status, f"<html>{ECHO}</html>", ECHO_HEADERS), id=f"html-{status}")
        for status in (400, 401, 404, 502)
    ]
    + [
        pytest.param(Canned(302, ECHO, ECHO_HEADERS), id="redirect"),
        pytest.param(Canned(200, f"<html>{ECHO}</html>"), id="html-200"),
        pytest.param(Canned(200, {"message": ECHO}), id="wrong-shape-200"),
        pytest.param(Canned(200, ECHO), id="text-200"),
        pytest.param(Canned(200, b"", delay=3), id="timeout"),
        pytest.param(Canned(200, {"id": "1", "properties": {"x": ECHO * 50}}, stall_mid_body=3), id="stall"),
        pytest.param(Canned(200, b"", drop="before"), id="drop-before"),
        pytest.param(
            Canned(200, {"id": "1", "properties": {"x": ECHO * 50}}, drop="mid_body"), id="drop-mid"
        ),
    ]
)


def exception_chain(err: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException | None] = [err]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [current.__cause__, current.__context__]


def assert_no_secret(err: BaseException, caplog: pytest.LogCaptureFixture) -> None:
    for link in exception_chain(err):
        assert SECRET not in str(link)
        assert SECRET not in repr(link)
        assert SECRET not in repr(vars(link))
    assert SECRET not in "".join(traceback.format_exception(err))
    if isinstance(err, HubSpotError):
        texts = [*err.context.values(), [repr(p) for p in err.property_errors]]
        assert all(SECRET not in text for group in texts for text in group)
        assert SECRET not in repr(getattr(err, "required_scopes", ()))
        assert SECRET not in repr(getattr(err, "existing_id", None))
    assert SECRET not in caplog.text
    for record in caplog.records:
        assert SECRET not in record.getMessage()


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as srv:
        yield srv


CALLS: list[Callable[[HubSpotClient], object]] = [
    lambda c: c.get_contact("512", ["email", "firstname"]),
    lambda c: c.patch_contact("512", {"email": "x@example.com"}),
    lambda c: c.list_properties(),
    lambda c: c.list_groups(),
]


@pytest.mark.parametrize("answer", ANSWERS)
@pytest.mark.parametrize("call", CALLS, ids=["get", "patch", "properties", "groups"])
def test_server_side_failures_never_reveal_the_token(
    server: LoopbackServer,
    caplog: pytest.LogCaptureFixture,
    answer: Canned,
    call: Callable[[HubSpotClient], object],
) -> None:
    caplog.set_level(logging.DEBUG)
    server.queue(answer)
    with HubSpotClient(server.url, lambda: SECRET, timeout=(0.3, 0.3)) as client:
        assert SECRET not in repr(client)
        with pytest.raises(HubSpotError) as info:
            call(client)
    assert server.requests[0].headers["authorization"] == f"Bearer {SECRET}"
    assert_no_secret(info.value, caplog)


def test_connection_refused_never_reveals_the_token(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with (
        HubSpotClient(f"http://127.0.0.1:{port}", lambda: SECRET, timeout=(0.3, 0.3)) as client,
        pytest.raises(HubSpotError) as info,
    ):
        client.get_contact("512", ["email"])
    assert_no_secret(info.value, caplog)


@pytest.mark.parametrize("bad", [f"{SECRET} x", f"{SECRET}\r\nX-Evil: 1", f"{SECRET}\u2013"])
def test_unsendable_tokens_never_reveal_the_token(
    server: LoopbackServer, caplog: pytest.LogCaptureFixture, bad: str
) -> None:
    caplog.set_level(logging.DEBUG)
    with (
        HubSpotClient(server.url, lambda: bad, timeout=(0.3, 0.3)) as client,
        pytest.raises(HubSpotError) as info,
    ):
        client.get_contact("512", ["email"])
    assert server.requests == []
    assert_no_secret(info.value, caplog)


def test_token_provider_errors_are_not_chained(
    server: LoopbackServer, caplog: pytest.LogCaptureFixture
) -> None:
    def leaky() -> str:
        raise RuntimeError(f"could not read {SECRET}")

    with HubSpotClient(server.url, leaky, timeout=(0.3, 0.3)) as client, pytest.raises(HubSpotError) as info:
        client.list_groups()
    assert info.value.__context__ is None
    assert_no_secret(info.value, caplog)
