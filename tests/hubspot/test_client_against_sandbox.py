"""HubSpotClient against the loopback sandbox (contact_editor.sandbox), seed contact "512"."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from contact_editor.hubspot.client import HubSpotClient
from contact_editor.hubspot.errors import (
    AuthenticationError,
    NetworkError,
    NotFoundError,
    ServerError,
    ValidationError,
)
from contact_editor.sandbox import DEMO_TOKEN, Sandbox

SEED_PAGE = [
    "property_checkbox",
    "property_date",
    "property_dropdown",
    "property_multiple_checkboxes",
    "property_number",
    "property_radio",
    "property_string",
]


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(token=DEMO_TOKEN) as sb:
        yield sb


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[HubSpotClient]:
    with HubSpotClient(sandbox.url, lambda: DEMO_TOKEN, timeout=(1.0, 2.0)) as c:
        yield c


def test_definitions_and_groups(client: HubSpotClient) -> None:
    definitions = {d.name: d for d in client.list_properties()}
    groups = [g.name for g in client.list_groups()]
    assert set(SEED_PAGE) <= set(definitions)
    assert "contactinformation" in groups
    assert all(d.group_name in groups for d in definitions.values() if d.group_name)
    assert definitions["hs_object_id"].read_only_value


def test_get_contact_returns_exactly_the_seeded_values(sandbox: Sandbox, client: HubSpotClient) -> None:
    names = [d.name for d in client.list_properties()]
    contact = client.get_contact("512", names)
    assert contact.id == "512"
    assert dict(contact.properties) == {n: v for n, v in sandbox.contact_values("512").items() if n in names}
    assert sandbox.requests[-1].authorized


def test_long_property_list_is_one_batch_read_against_the_sandbox(
    sandbox: Sandbox, client: HubSpotClient
) -> None:
    names = [d.name for d in client.list_properties()]
    padding = [f"unknown_padding_property_{i:04d}" for i in range(400)]  # unknown names are ignored
    sandbox.clear_requests()
    contact = client.get_contact("512", [*names, *padding])
    assert [(r.method, r.path) for r in sandbox.requests] == [("POST", "/crm/v3/objects/contacts/batch/read")]
    assert {n: contact.properties[n] for n in names} == {
        n: v for n, v in sandbox.contact_values("512").items() if n in names
    }
    with pytest.raises(NotFoundError):
        client.get_contact("424242", [*names, *padding])


def test_patch_contact_changes_the_record(sandbox: Sandbox, client: HubSpotClient) -> None:
    saved = client.patch_contact("512", {"property_string": "new value", "jobtitle": ""})
    assert saved.id == "512"
    assert sandbox.requests[-1].body == {"properties": {"property_string": "new value", "jobtitle": ""}}
    values = sandbox.contact_values("512")
    assert values["property_string"] == "new value"
    assert values["jobtitle"] in ("", None)
    reread = client.get_contact("512", ["property_string"])
    assert reread.properties["property_string"] == "new value"


def test_patch_errors_name_the_property(client: HubSpotClient) -> None:
    with pytest.raises(ValidationError) as info:
        client.patch_contact("512", {"hs_object_id": "1"})
    assert [(e.name, e.code) for e in info.value.property_errors] == [("hs_object_id", "READ_ONLY_VALUE")]


def test_unknown_contact_wrong_token_and_faults(sandbox: Sandbox, client: HubSpotClient) -> None:
    with pytest.raises(NotFoundError):
        client.get_contact("999999999", ["email"])
    with (
        HubSpotClient(sandbox.url, lambda: "not-the-token", timeout=(1.0, 2.0)) as other,
        pytest.raises(AuthenticationError),
    ):
        other.list_groups()
    sandbox.fail_next("PATCH", "/crm/v3/objects/contacts/", 502, "<html>Bad gateway</html>")
    with pytest.raises(ServerError):
        client.patch_contact("512", {"property_string": "x"})
    sandbox.drop_next("GET", "/crm/v3/properties/contacts")
    with pytest.raises(NetworkError):
        client.list_properties()
