"""The app's own HubSpotClient runs unchanged against both path styles the sandbox serves: the v3 paths
(retired by HubSpot in September 2027) and the date-versioned /crm/objects/2026-03/... ones."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from contact_editor.hubspot.client import ApiPaths, HubSpotClient
from contact_editor.hubspot.errors import ForbiddenError, NotFoundError, ValidationError
from contact_editor.sandbox import DEMO_TOKEN, Sandbox

PREFIXES = {
    "v3": ("/crm/v3/objects/", "/crm/v3/properties/"),
    "2026-03": ("/crm/objects/2026-03/", "/crm/properties/2026-03/"),
}


@pytest.fixture(params=["v3", "2026-03"])
def version(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def client(sandbox: Sandbox, version: str) -> Iterator[HubSpotClient]:
    with HubSpotClient(
        sandbox.url, lambda: DEMO_TOKEN, timeout=(1.0, 5.0), paths=ApiPaths.for_version(version)
    ) as c:
        yield c


def test_get_patch_properties_and_groups(sandbox: Sandbox, client: HubSpotClient, version: str) -> None:
    definitions = client.list_properties()
    groups = client.list_groups()
    assert {d.group_name for d in definitions} <= {g.name for g in groups}
    names = [d.name for d in definitions]
    contact = client.get_contact("512", names)
    assert contact.id == "512"
    assert dict(contact.properties) == {n: v for n, v in sandbox.contact_values("512").items() if n in names}
    saved = client.patch_contact("512", {"firstname": f"Mia {version}", "property_number": "17"})
    assert saved.properties["firstname"] == f"Mia {version}"
    assert sandbox.contact_values("512")["property_number"] == "17"
    objects, properties = PREFIXES[version]
    paths = [r.path for r in sandbox.requests]
    assert paths[0] == f"{properties}contacts" and paths[1] == f"{properties}contacts/groups"
    assert all(p.startswith(objects) for p in paths[2:])
    assert {r.method for r in sandbox.requests[2:]} == {"GET", "PATCH"}


def test_errors_are_the_same_on_both_path_styles(sandbox: Sandbox, client: HubSpotClient) -> None:
    with pytest.raises(NotFoundError):
        client.get_contact("999999", ["email"])
    with pytest.raises(ValidationError) as caught:
        client.patch_contact("512", {"property_dropdown": "choice_z"})
    assert [e.name for e in caught.value.property_errors] == ["property_dropdown"]
    read_only = sandbox.mint_token(scopes=["crm.objects.contacts.read"])
    with HubSpotClient(sandbox.url, lambda: read_only, timeout=(1.0, 5.0), paths=client.paths) as limited:
        assert limited.get_contact("512", ["email"]).id == "512"
        with pytest.raises(ForbiddenError) as forbidden:
            limited.patch_contact("512", {"firstname": "Nope"})
    assert forbidden.value.required_scopes == ("crm.objects.contacts.write",)
