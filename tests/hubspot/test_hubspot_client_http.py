"""HubSpotClient over real loopback HTTP against a canned-answer server (tests/hubspot)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests
from hubspot_loopback_server import TOKEN, Canned, LoopbackServer, Seen

from contact_editor import __version__
from contact_editor.hubspot.client import MAX_URL_LENGTH, ApiPaths, HubSpotClient
from contact_editor.hubspot.errors import (
    AuthenticationError,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
    ValidationError,
)

FIXTURES = Path(__file__).parent / "fixtures"
PROPERTIES_FIXTURE = FIXTURES / "crm-v3-properties-contacts.sampled-15.json"


def contact_body(contact_id: str = "512", **props: str | None) -> dict[str, Any]:
    return {
        "id": contact_id,
        "properties": {"hs_object_id": contact_id, **props},
        "createdAt": "2023-12-14T23:31:55.758Z",
        "updatedAt": "2025-01-27T19:53:15.581Z",
        "archived": False,
    }


def only(server: LoopbackServer) -> Seen:
    (seen,) = server.requests
    return seen


# -- happy paths ---------------------------------------------------------------------------------


def test_get_contact_sends_headers_and_comma_joined_properties(
    server: LoopbackServer, client: HubSpotClient
) -> None:
    server.queue(Canned(200, contact_body(email="jane@example.com", phone=None)))
    contact = client.get_contact("512", ["email", "phone", "email"])
    seen = only(server)
    assert seen.method == "GET"
    assert seen.path == "/crm/v3/objects/contacts/512"
    assert seen.query == {"properties": ["email,phone"]}
    assert seen.headers["authorization"] == f"Bearer {TOKEN}"
    assert seen.headers["accept"] == "application/json"
    assert seen.headers["user-agent"] == f"hubspot-contact-editor/{__version__}"
    assert contact.id == "512"
    assert contact.properties == {"hs_object_id": "512", "email": "jane@example.com", "phone": None}
    assert contact.updated_at == "2025-01-27T19:53:15.581Z"


@pytest.mark.parametrize(
    ("contact_id", "raw_path"),
    [("a/b c", "a%2Fb%20c"), ("../x?y#z", "..%2Fx%3Fy%23z"), ("50%", "50%25"), ("é", "%C3%A9")],
)
def test_odd_contact_ids_are_quoted(
    server: LoopbackServer, client: HubSpotClient, contact_id: str, raw_path: str
) -> None:
    server.queue(Canned(200, contact_body()), Canned(200, contact_body()))
    client.get_contact(contact_id, ["email"])
    client.patch_contact(contact_id, {"email": "x@example.com"})
    assert [s.path for s in server.requests] == [f"/crm/v3/objects/contacts/{raw_path}"] * 2


def test_archived_flag_is_the_literal_lowercase_string(server: LoopbackServer, client: HubSpotClient) -> None:
    server.queue(Canned(200, contact_body()), Canned(200, contact_body()))
    client.get_contact("512", ["email"], archived=True)
    client.get_contact("512", ["email"])
    first, second = server.requests
    assert first.query["archived"] == ["true"]
    assert "archived" not in second.query


def test_empty_property_list_sends_no_properties_parameter(
    server: LoopbackServer, client: HubSpotClient
) -> None:
    server.queue(Canned(200, contact_body()))
    client.get_contact("512", [])
    assert only(server).raw_query == ""


def test_long_property_lists_go_as_one_batch_read(server: LoopbackServer, client: HubSpotClient) -> None:
    names = [f"custom_property_number_{i:04d}" for i in range(700)]

    def echo(seen: Seen) -> Canned:
        asked = seen.json()["properties"]
        return Canned(200, {"status": "COMPLETE", "results": [contact_body(**{n: f"v-{n}" for n in asked})]})

    server.responder = echo
    contact = client.get_contact("512", names)
    (seen,) = server.requests
    assert (seen.method, seen.path) == ("POST", "/crm/v3/objects/contacts/batch/read")
    assert seen.json() == {"inputs": [{"id": "512"}], "properties": names}
    assert {n: contact.properties[n] for n in names} == {n: f"v-{n}" for n in names}
    assert contact.id == "512"


def test_a_short_property_list_stays_one_get(server: LoopbackServer, client: HubSpotClient) -> None:
    names = [f"p{i}" for i in range(50)]
    server.queue(Canned(200, contact_body()))
    client.get_contact("512", names)
    (seen,) = server.requests
    assert seen.method == "GET"
    assert len(f"{server.url}{seen.path}?{seen.raw_query}") <= MAX_URL_LENGTH


def test_a_batch_read_that_finds_nothing_is_not_found(server: LoopbackServer, client: HubSpotClient) -> None:
    body = {
        "status": "COMPLETE",
        "results": [],
        "numErrors": 1,
        "errors": [
            {
                "status": "error",
                "category": "OBJECT_NOT_FOUND",
                "message": "Could not get some CONTACT objects",
                "context": {"ids": ["512"]},
            }
        ],
    }
    server.queue(Canned(207, body))
    with pytest.raises(NotFoundError):
        client.get_contact("512", [f"custom_property_number_{i:04d}" for i in range(700)])


def test_split_answers_with_different_ids_are_rejected(server: LoopbackServer, client: HubSpotClient) -> None:
    server.queue(Canned(200, contact_body("512")), Canned(200, contact_body("999")))
    with pytest.raises(UnexpectedResponseError):
        client.get_contact("512", [f"p{i:05d}_{'x' * 40}" for i in range(150)])  # two GETs


def test_patch_sends_properties_json_and_returns_the_contact(
    server: LoopbackServer, client: HubSpotClient
) -> None:
    server.queue(Canned(200, contact_body(firstname="Jane", jobtitle="")))
    contact = client.patch_contact("512", {"firstname": "Jane", "jobtitle": ""})
    seen = only(server)
    assert seen.method == "PATCH"
    assert seen.path == "/crm/v3/objects/contacts/512"
    assert seen.raw_query == ""
    assert seen.headers["content-type"] == "application/json"
    assert seen.headers["authorization"] == f"Bearer {TOKEN}"
    assert seen.json() == {"properties": {"firstname": "Jane", "jobtitle": ""}}
    assert contact.properties["firstname"] == "Jane"


@pytest.mark.parametrize(
    ("props", "exc"),
    [({}, ValueError), ({"jobtitle": None}, TypeError), ({"n": 5}, TypeError), ({"b": True}, TypeError)],
)
def test_patch_refuses_bodies_hubspot_would_misread(
    server: LoopbackServer, client: HubSpotClient, props: dict[str, Any], exc: type[Exception]
) -> None:
    with pytest.raises(exc):
        client.patch_contact("512", props)
    assert server.requests == []


def test_list_properties_and_groups(server: LoopbackServer, client: HubSpotClient) -> None:
    definitions = json.loads(PROPERTIES_FIXTURE.read_text(encoding="utf-8"))
    definitions["results"].append({"label": "no name"})
    definitions["results"].append("not an object")
    groups = {
        "results": [
            {
                "name": "contactinformation",
                "label": "Contact information",
                "displayOrder": 0,
                "archived": False,
            },
            {"label": "nameless"},
        ]
    }
    server.queue(Canned(200, definitions), Canned(200, groups))
    props = client.list_properties()
    got_groups = client.list_groups()
    assert [s.path for s in server.requests] == [
        "/crm/v3/properties/contacts",
        "/crm/v3/properties/contacts/groups",
    ]
    assert len(props) == 15
    assert [g.name for g in got_groups] == ["contactinformation"]


def test_date_versioned_paths(server: LoopbackServer) -> None:
    paths = ApiPaths.for_version("2026-03")
    server.queue(Canned(200, contact_body()), Canned(200, {"results": []}), Canned(200, {"results": []}))
    with HubSpotClient(server.url, lambda: TOKEN, timeout=(0.5, 0.5), paths=paths) as c:
        c.get_contact("512", ["email"])
        c.list_properties()
        c.list_groups()
    assert [s.path for s in server.requests] == [
        "/crm/objects/2026-03/contacts/512",
        "/crm/properties/2026-03/contacts",
        "/crm/properties/2026-03/contacts/groups",
    ]


def test_token_is_read_on_every_request(server: LoopbackServer) -> None:
    tokens = iter(["first-token", "second-token"])
    server.queue(Canned(200, contact_body()), Canned(200, contact_body()))
    with HubSpotClient(server.url, lambda: next(tokens), timeout=(0.5, 0.5)) as c:
        c.get_contact("512", ["email"])
        c.get_contact("512", ["email"])
    assert [s.headers["authorization"] for s in server.requests] == [
        "Bearer first-token",
        "Bearer second-token",
    ]


def test_netrc_does_not_replace_the_bearer_header(
    server: LoopbackServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password other\n", encoding="utf-8")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    server.queue(Canned(200, contact_body()))
    with HubSpotClient(server.url, lambda: TOKEN, timeout=(0.5, 0.5)) as c:
        c.get_contact("512", ["email"])
    assert only(server).headers["authorization"] == f"Bearer {TOKEN}"


def test_a_given_session_is_used_and_left_open(server: LoopbackServer) -> None:
    server.queue(Canned(200, contact_body()))
    with requests.Session() as session:
        session.headers["X-Probe"] = "1"
        client = HubSpotClient(server.url, lambda: TOKEN, session=session, timeout=(0.5, 0.5))
        client.get_contact("512", ["email"])
        client.close()
        assert only(server).headers["x-probe"] == "1"
        assert session.adapters  # still usable: close() leaves a caller's session alone


# -- errors with a response ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "cls"),
    [
        (
            Canned(400, (FIXTURES / "error-400-validation-property-doesnt-exist.json").read_text()),
            ValidationError,
        ),
        (Canned(401, {"message": "expired", "category": "EXPIRED_AUTHENTICATION"}), AuthenticationError),
        (Canned(403, (FIXTURES / "error-403-missing-scopes.json").read_text()), ForbiddenError),
        (Canned(404, "resource not found"), NotFoundError),
        (Canned(409, {"message": "Contact already exists. Existing ID: 2002"}), ConflictError),
        (
            Canned(429, {"errorType": "RATE_LIMIT", "policyName": "DAILY"}, {"Retry-After": "3"}),
            RateLimitError,
        ),
        (Canned(502, "<html><h1>Bad Gateway</h1></html>", {"Content-Type": "text/html"}), ServerError),
        (Canned(418, "<html>teapot</html>", {"Content-Type": "text/html"}), UnexpectedResponseError),
    ],
)
def test_error_statuses_map_to_typed_errors(
    server: LoopbackServer, client: HubSpotClient, answer: Canned, cls: type[Exception]
) -> None:
    server.queue(answer)
    with pytest.raises(cls) as info:
        client.patch_contact("512", {"email": "john.roe@example.com"})
    err = info.value
    assert type(err) is cls
    assert err.status == answer.status  # type: ignore[attr-defined]
    if isinstance(err, ValidationError):
        assert [e.name for e in err.property_errors] == ["first000name", "last000name"]
    if isinstance(err, ForbiddenError):
        assert err.required_scopes == ("custom-object-read",)
    if isinstance(err, ConflictError):
        assert err.existing_id == "2002"
    if isinstance(err, RateLimitError):
        assert (err.policy_name, err.retry_after) == ("DAILY", 3.0)


def test_correlation_id_header_reaches_the_error(server: LoopbackServer, client: HubSpotClient) -> None:
    server.queue(Canned(500, "", {"X-HubSpot-Correlation-Id": "corr-77"}))
    with pytest.raises(ServerError) as info:
        client.list_groups()
    assert info.value.correlation_id == "corr-77"


def test_redirects_are_not_followed(server: LoopbackServer, client: HubSpotClient) -> None:
    server.queue(Canned(302, "", {"Location": f"{server.url}/elsewhere"}))
    with pytest.raises(UnexpectedResponseError) as info:
        client.patch_contact("512", {"email": "x@example.com"})
    assert info.value.status == 302
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    "answer",
    [
        Canned(200, ""),
        Canned(200, "<!DOCTYPE html><html><body>Maintenance</body></html>", {"Content-Type": "text/html"}),
        Canned(200, "not json at all"),
        Canned(200, [1, 2, 3]),
        Canned(200, {"properties": {}}),
        Canned(200, {"id": "512", "properties": ["email"]}),
        Canned(200, {"id": None, "properties": {}}),
        Canned(204, b""),
        Canned(200, b"\xff\xfe\x00garbage"),
    ],
)
def test_unusable_success_bodies_for_a_contact(
    server: LoopbackServer, client: HubSpotClient, answer: Canned
) -> None:
    server.queue(answer)
    with pytest.raises(UnexpectedResponseError):
        client.get_contact("512", ["email"])


@pytest.mark.parametrize("body", [{"results": {}}, {"result": []}, [], "", "<html></html>"])
def test_unusable_success_bodies_for_lists(server: LoopbackServer, client: HubSpotClient, body: Any) -> None:
    server.queue(Canned(200, body), Canned(200, body))
    with pytest.raises(UnexpectedResponseError):
        client.list_properties()
    with pytest.raises(UnexpectedResponseError):
        client.list_groups()
