"""Seed files, the resource lookup and custom seeds."""

from __future__ import annotations

import json

import pytest
from sandbox_testkit import CONTACTS, Api

from contact_editor.resources import resource_path, resource_roots
from contact_editor.sandbox import Sandbox, Seed, SeedError

GROUP = {"name": "g", "label": "G", "displayOrder": 0, "archived": False}
TEXT = {"name": "nickname", "label": "Nickname", "type": "string", "fieldType": "text", "groupName": "g",
        "options": [], "modificationMetadata": {"readOnlyValue": False}}


def test_resource_path_finds_the_demo_seed_in_the_checkout() -> None:
    folder = resource_path("sandbox")
    assert folder.is_dir()
    assert folder in {root / "sandbox" for root in resource_roots()}
    with pytest.raises(FileNotFoundError):
        resource_path("sandbox", "no-such-file.json")


def test_sampled_fixture_is_shipped_unchanged_with_its_licence() -> None:
    sampled = resource_path("sandbox", "crm-v3-properties-contacts.sampled-15.json")
    licence = resource_path("sandbox", "crm-v3-properties-contacts.sampled-15.json.license")
    assert len(json.loads(sampled.read_text(encoding="utf-8"))["results"]) == 15
    assert licence.read_text(encoding="utf-8").startswith("MIT (c) 2024 Onset Labs, Inc.")


def test_demo_seed_is_consistent() -> None:
    seed = Seed.demo()
    names = [p["name"] for p in seed.properties]
    assert len(names) == len(set(names))
    assert 4 <= len(seed.contacts) <= 6
    assert all(c["properties"]["email"].endswith("@example.com") for c in seed.contacts)
    assert "512" in {c["id"] for c in seed.contacts}


def test_custom_seed(sandbox: Sandbox) -> None:
    seed = Seed.from_json([TEXT], [GROUP], [{"id": "7", "properties": {"nickname": "Bo"}}])
    with Sandbox(seed=seed, token="t") as custom:
        api = Api(custom.url, token="t")
        assert api.get(f"{CONTACTS}/7", params={"properties": "nickname"}).json()["properties"] == {
            "nickname": "Bo"
        }
        assert api.patch_contact("7", {"nickname": "Bob"}).status_code == 200
        assert custom.contact_values("7")["nickname"] == "Bob"
        assert api.get("/crm/v3/properties/contacts").json()["results"] == [TEXT]
    assert sandbox.contact_values("512")["firstname"] == "Maria"  # the demo sandbox is separate


@pytest.mark.parametrize(
    ("properties", "groups", "contacts"),
    [
        ([{**TEXT, "groupName": "missing"}], [GROUP], []),
        ([TEXT], [GROUP], [{"id": "1", "properties": {"undefined": "x"}}]),
        ([TEXT], [GROUP], [{"id": "1"}, {"id": "1"}]),
        ([TEXT, TEXT], [GROUP], []),
        ([TEXT], [GROUP], [{"id": "1", "properties": {"nickname": 5}}]),
        ([TEXT], [GROUP], [{"id": "abc"}]),  # HubSpot IDs are positive integers
        ([TEXT], [GROUP], [{"id": "0512"}]),
    ],
)
def test_inconsistent_seeds_are_refused(
    properties: list[dict[str, object]], groups: list[dict[str, object]], contacts: list[dict[str, object]]
) -> None:
    with pytest.raises(SeedError):
        Seed.from_json(properties, groups, contacts)


def test_owners_are_part_of_a_seed() -> None:
    when = "2020-01-01T00:00:00.000Z"
    owner = {"id": "7", "email": "o@example.com", "firstName": "O", "lastName": "Wner", "userId": 1,
             "createdAt": when, "updatedAt": when, "archived": False, "teams": []}  # fmt: skip
    seed = Seed.from_json([TEXT], [GROUP], [], owners=[owner])
    with Sandbox(seed=seed, token="t") as custom:
        assert Api(custom.url, token="t").get("/crm/v3/owners").json() == {"results": [owner]}
    with pytest.raises(SeedError):
        Seed.from_json([TEXT], [GROUP], [], owners=[owner, owner])
    with pytest.raises(SeedError):
        Seed.from_json([TEXT], [GROUP], [], owners=[{**owner, "id": "x7"}])
    assert len(Seed.demo().owners) == 4
