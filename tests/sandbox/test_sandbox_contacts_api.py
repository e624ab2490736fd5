"""Contacts, properties, owners and account endpoints over loopback: idProperty, history, archive,
list paging, batch read (200/207), owners and hubspot_owner_id, and the date-versioned paths."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from sandbox_testkit import CONTACTS, Api

from contact_editor.sandbox import Sandbox

V2026 = "/crm/objects/2026-03/contacts"
PROPERTIES = "/crm/v3/properties/contacts"
PROPERTIES_2026 = "/crm/properties/2026-03/contacts"
BATCH = f"{CONTACTS}/batch/read"
OWNERS = "/crm/v3/owners"
ISO_MS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
DEMO_IDS = ["512", "601", "702", "1051", "90412345678"]


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(burst=100_000, daily=10**9, search_per_second=100_000) as sb:
        yield sb


@pytest.fixture
def api(sandbox: Sandbox) -> Api:
    return Api(sandbox.url)


# --- idProperty -------------------------------------------------------------------------------------


def test_get_by_email_with_a_url_encoded_path_segment(api: Api) -> None:
    response = api.get(f"{CONTACTS}/maria.jensen%40example.com", params={"idProperty": "email"})
    assert response.status_code == 200
    assert response.json()["id"] == "512"
    upper = api.get(f"{CONTACTS}/MARIA.JENSEN%40EXAMPLE.COM", params={"idProperty": "email"})
    assert upper.json()["id"] == "512"  # emails match case-insensitively
    missing = api.get(f"{CONTACTS}/nobody%40example.com", params={"idProperty": "email"})
    assert missing.status_code == 404 and missing.json()["category"] == "OBJECT_NOT_FOUND"
    assert missing.json()["context"] == {"id": ["nobody@example.com"]}


def test_patch_by_email(sandbox: Sandbox, api: Api) -> None:
    response = api.patch(
        f"{CONTACTS}/tomas.alvarez%40example.com?idProperty=email", {"properties": {"jobtitle": "CFO"}}
    )
    assert response.status_code == 200 and response.json()["id"] == "601"
    assert sandbox.contact_values("601")["jobtitle"] == "CFO"


def test_id_property_must_identify_a_contact(api: Api) -> None:
    response = api.get(f"{CONTACTS}/Maria", params={"idProperty": "firstname"})
    assert response.status_code == 400
    assert response.json()["category"] == "VALIDATION_ERROR"
    assert "firstname" in response.json()["message"]
    unique = api.get(f"{CONTACTS}/sailing", params={"idProperty": "hobby__c"})  # hasUniqueValue: true
    assert unique.status_code == 200 and unique.json()["id"] == "601"


def test_non_numeric_or_padded_id_is_404(api: Api) -> None:
    for contact_id in ("abc", "0512", "-512", "5%2012"):
        assert api.get(f"{CONTACTS}/{contact_id}").status_code == 404


# --- history ----------------------------------------------------------------------------------------


def test_history_records_every_write_newest_first(sandbox: Sandbox, api: Api) -> None:
    assert api.patch_contact("512", {"jobtitle": "Director"}).status_code == 200
    sandbox.set_value("512", "jobtitle", "Head of Operations")
    assert api.patch_contact("512", {"jobtitle": ""}).status_code == 200
    data = api.get(
        f"{CONTACTS}/512", params={"propertiesWithHistory": "jobtitle,firstname,createdate"}
    ).json()
    history = data["propertiesWithHistory"]["jobtitle"]
    assert [h["value"] for h in history] == ["", "Head of Operations", "Director", "Operations Manager"]
    assert [h["sourceType"] for h in history] == ["INTEGRATION", "CRM_UI", "INTEGRATION", "IMPORT"]
    assert history[0]["timestamp"] == data["updatedAt"]
    assert all(ISO_MS.fullmatch(h["timestamp"]) for h in history)
    assert [h["timestamp"] for h in history] == sorted((h["timestamp"] for h in history), reverse=True)
    assert history[1]["updatedByUserId"] == 9586504 and history[1]["sourceId"] == "userId:9586504"
    assert "updatedByUserId" not in history[0] and history[0]["sourceId"]
    assert data["propertiesWithHistory"]["firstname"] == [
        {"value": "Maria", "timestamp": "2019-11-20T09:12:44.120Z", "sourceType": "IMPORT"}
    ]
    assert data["propertiesWithHistory"]["createdate"][0]["sourceType"] == "CALCULATED"
    assert set(data["properties"]) == {
        "createdate",
        "email",
        "firstname",
        "hs_object_id",
        "lastmodifieddate",
        "lastname",
    }


def test_history_of_a_never_set_property_is_empty(api: Api) -> None:
    data = api.get(f"{CONTACTS}/1051", params={"propertiesWithHistory": "firstname,nope"}).json()
    assert data["propertiesWithHistory"] == {"firstname": []}


# --- archive ----------------------------------------------------------------------------------------


def test_delete_archives_and_archived_true_reads_only_archived(sandbox: Sandbox, api: Api) -> None:
    assert api.get(f"{CONTACTS}/1051", params={"archived": "true"}).status_code == 404  # not archived
    response = api.delete(f"{CONTACTS}/1051")
    assert response.status_code == 204 and response.content == b""
    assert api.get(f"{CONTACTS}/1051").status_code == 404
    archived = api.get(f"{CONTACTS}/1051", params={"archived": "true", "properties": "email"}).json()
    assert archived["archived"] is True and ISO_MS.fullmatch(archived["archivedAt"])
    assert archived["properties"] == {"email": "new.signup@example.com"}
    assert api.patch_contact("1051", {"firstname": "X"}).status_code == 404
    assert api.delete(f"{CONTACTS}/1051").status_code == 204  # again: nothing changes
    assert api.delete(f"{CONTACTS}/424242").status_code == 404
    assert sandbox.contact_values("1051")["email"] == "new.signup@example.com"
    listed = api.get(CONTACTS, params={"archived": "true"}).json()
    assert [c["id"] for c in listed["results"]] == ["1051"]
    assert "1051" not in [c["id"] for c in api.get(CONTACTS).json()["results"]]


def test_an_archived_contacts_email_can_be_taken(api: Api) -> None:
    assert api.patch_contact("512", {"email": "priya.raman@example.com"}).status_code == 409
    assert api.delete(f"{CONTACTS}/702").status_code == 204
    assert api.patch_contact("512", {"email": "priya.raman@example.com"}).status_code == 200


def test_archived_must_be_true_or_false(api: Api) -> None:
    response = api.get(f"{CONTACTS}/512", params={"archived": "maybe"})
    assert response.status_code == 400 and response.json()["category"] == "VALIDATION_ERROR"


# --- list -------------------------------------------------------------------------------------------


def test_list_pages_through_every_contact(api: Api) -> None:
    first = api.get(CONTACTS, params={"limit": 2, "properties": "email"}).json()
    assert [c["id"] for c in first["results"]] == ["512", "601"]
    assert first["results"][0]["properties"] == {"email": "maria.jensen@example.com"}
    seen, after = [c["id"] for c in first["results"]], first["paging"]["next"]["after"]
    while after:
        page = api.get(CONTACTS, params={"limit": 2, "after": after}).json()
        seen += [c["id"] for c in page["results"]]
        after = page.get("paging", {}).get("next", {}).get("after")
    assert seen == DEMO_IDS
    default = api.get(CONTACTS).json()
    assert len(default["results"]) == 5 and "paging" not in default  # default limit 10
    assert set(default["results"][0]["properties"]) == {
        "createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname",
    }  # fmt: skip


def test_list_with_history_and_on_the_date_versioned_path(api: Api) -> None:
    data = api.get(V2026, params={"limit": 1, "propertiesWithHistory": "firstname"}).json()
    assert data["results"][0]["propertiesWithHistory"]["firstname"][0]["value"] == "Maria"
    assert data["paging"]["next"]["after"] == "601"


@pytest.mark.parametrize("params", [{"limit": "101"}, {"limit": "0"}, {"limit": "ten"}, {"after": "x"}])
def test_list_rejects_bad_paging(api: Api, params: dict[str, str]) -> None:
    assert api.get(CONTACTS, params={"limit": "100"}).status_code == 200
    response = api.get(CONTACTS, params=params)
    assert response.status_code == 400 and response.json()["category"] == "VALIDATION_ERROR"


# --- batch read -------------------------------------------------------------------------------------


def test_batch_read_all_found_is_200_complete(api: Api) -> None:
    body = {"inputs": [{"id": "702"}, {"id": "512"}], "properties": ["firstname", "property_number"]}
    response = api.post(BATCH, body)
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "COMPLETE" and "errors" not in data and "numErrors" not in data
    assert ISO_MS.fullmatch(data["startedAt"]) and data["completedAt"] >= data["startedAt"]
    assert [r["id"] for r in data["results"]] == ["702", "512"]
    assert data["results"][1]["properties"] == {"firstname": "Maria", "property_number": "5"}


def test_batch_read_with_missing_ids_is_207_with_object_not_found(sandbox: Sandbox, api: Api) -> None:
    assert api.delete(f"{CONTACTS}/1051").status_code == 204
    body = {"inputs": [{"id": "512"}, {"id": "999"}, {"id": "1051"}], "properties": ["email"]}
    response = api.post(BATCH, body)
    assert response.status_code == 207
    data = response.json()
    assert [r["id"] for r in data["results"]] == ["512"]
    assert data["numErrors"] == 1
    [error] = data["errors"]
    assert error["status"] == "error" and error["category"] == "OBJECT_NOT_FOUND"
    assert error["context"] == {"ids": ["999", "1051"]} and error["message"]
    archived = api.post(BATCH, body, params={"archived": "true"}).json()
    assert [r["id"] for r in archived["results"]] == ["1051"]


def test_batch_read_by_email_with_history(api: Api) -> None:
    body = {
        "idProperty": "email",
        "inputs": [{"id": "PRIYA.RAMAN@example.com"}, {"id": "ghost@example.com"}],
        "properties": ["lastname"],
        "propertiesWithHistory": ["property_radio"],
    }
    response = api.post(f"{V2026}/batch/read", body)
    assert response.status_code == 207
    data = response.json()
    [priya] = data["results"]
    assert priya["id"] == "702" and priya["properties"] == {"lastname": "Raman"}
    assert priya["propertiesWithHistory"]["property_radio"][0]["value"] == "option_3"
    assert data["errors"][0]["context"] == {"ids": ["ghost@example.com"]}


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (
            {"inputs": [{"id": "512"}, {"id": "601"}, {"id": "512"}]},
            "Duplicate IDs found in batch input: [512]",
        ),
        ({"inputs": [{"id": str(n)} for n in range(1, 102)]}, "100"),
        ({"inputs": []}, "at least one"),
        ({"inputs": [{"nope": "512"}]}, "at least one"),
        ({"inputs": [{"id": "512"}], "idProperty": "firstname"}, "firstname"),
        ({"inputs": [{"id": "512"}], "properties": "email"}, "properties"),
    ],
)
def test_bad_batch_reads_are_400(api: Api, body: dict[str, Any], fragment: str) -> None:
    response = api.post(BATCH, body)
    assert response.status_code == 400
    data = response.json()
    assert data["category"] == "VALIDATION_ERROR" and fragment in data["message"]
    if "Duplicate" in fragment:
        assert data["context"] == {"ids": ["512"]}


# --- properties -------------------------------------------------------------------------------------


def test_properties_list_filter_and_archived(api: Api) -> None:
    listed = api.get(PROPERTIES, params={"properties": "email,property_radio,nope"}).json()["results"]
    assert [d["name"] for d in listed] == ["email", "property_radio"]
    assert api.get(PROPERTIES, params={"archived": "true"}).json() == {"results": []}
    assert api.get(f"{PROPERTIES}/nope").status_code == 404
    same = api.get(f"{PROPERTIES_2026}/property_radio").json()
    assert same == api.get(f"{PROPERTIES}/property_radio").json()
    groups = api.get(f"{PROPERTIES_2026}/groups").json()
    assert groups == api.get(f"{PROPERTIES}/groups").json()
    assert api.get(f"{PROPERTIES}/groups/demo_properties").json()["label"] == "Demo properties"
    assert api.get(f"{PROPERTIES}/groups/nope").status_code == 404


def test_archived_definitions_show_only_when_asked(tmp_path: Any) -> None:
    from contact_editor.sandbox import Seed

    group = {"name": "g", "label": "G", "displayOrder": 0, "archived": False}
    live = {"name": "a", "label": "A", "type": "string", "fieldType": "text", "groupName": "g", "options": [],
            "description": ""}  # fmt: skip
    gone = {**live, "name": "b", "archived": True, "archivedAt": "2025-01-01T00:00:00.000Z"}
    with Sandbox(Seed.from_json([live, gone], [group], [])) as sb:
        api = Api(sb.url)
        assert [d["name"] for d in api.get(PROPERTIES).json()["results"]] == ["a"]
        assert [d["name"] for d in api.get(PROPERTIES, params={"archived": "true"}).json()["results"]] == [
            "b"
        ]
        assert api.get(f"{PROPERTIES}/b").status_code == 404
        assert api.get(f"{PROPERTIES}/b", params={"archived": "true"}).json()["archived"] is True


# --- owners and hubspot_owner_id --------------------------------------------------------------------


def test_owners_list_paging_and_lookup(api: Api) -> None:
    data = api.get(OWNERS).json()
    owners = data["results"]
    assert len(owners) == 4 and "paging" not in data
    first = owners[0]
    expected = {"id", "email", "firstName", "lastName", "userId", "createdAt", "updatedAt", "teams"}
    assert set(first) >= expected
    assert first["archived"] is False and first["type"] == "PERSON"
    page = api.get(f"{OWNERS}/", params={"limit": 3}).json()
    rest = api.get(OWNERS, params={"limit": 3, "after": page["paging"]["next"]["after"]}).json()
    assert [o["id"] for o in page["results"] + rest["results"]] == [o["id"] for o in owners]
    by_email = api.get(OWNERS, params={"email": "BEN.OKAFOR@example.com"}).json()["results"]
    assert [o["firstName"] for o in by_email] == ["Ben"]
    assert api.get(f"{OWNERS}/{first['id']}").json() == first
    assert api.get(f"{OWNERS}/{first['userId']}", params={"idProperty": "userId"}).json() == first
    missing = api.get(f"{OWNERS}/1")
    assert missing.status_code == 404 and missing.json()["category"] == "OBJECT_NOT_FOUND"
    assert api.get(OWNERS, params={"archived": "true"}).json() == {"results": []}


def test_hubspot_owner_id_is_an_owner_reference(api: Api) -> None:
    definition = api.get(f"{PROPERTIES}/hubspot_owner_id").json()
    assert (definition["type"], definition["fieldType"]) == ("enumeration", "select")
    assert definition["externalOptions"] is True and definition["referencedObjectType"] == "OWNER"
    assert definition["options"] == []
    owner_ids = {o["id"] for o in api.get(OWNERS).json()["results"]}
    value = api.get(f"{CONTACTS}/512", params={"properties": "hubspot_owner_id"}).json()["properties"]
    assert value["hubspot_owner_id"] in owner_ids


@pytest.mark.parametrize(
    ("value", "code"),
    [("12345", "INVALID_OWNER_ID"), ("abc", "INVALID_INTEGER"), ("29947847357121", "INVALID_INTEGER")],
)
def test_hubspot_owner_id_must_name_an_owner(sandbox: Sandbox, api: Api, value: str, code: str) -> None:
    response = api.patch_contact("601", {"hubspot_owner_id": value})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["code"] == code and value in error["message"]
    assert sandbox.contact_values("601")["hubspot_owner_id"] == "52550153"
    assert api.patch_contact("601", {"hubspot_owner_id": "73004519"}).status_code == 200
    assert api.patch_contact("601", {"hubspot_owner_id": ""}).status_code == 200
    assert sandbox.contact_values("601")["hubspot_owner_id"] is None


# --- account and date-versioned paths ---------------------------------------------------------------


def test_account_details_shape_on_both_paths(api: Api) -> None:
    details = api.get("/account-info/v3/details").json()
    assert details == {
        "portalId": 12345678,
        "accountType": "DEVELOPER_TEST",
        "timeZone": "UTC",
        "companyCurrency": "USD",
        "additionalCurrencies": [],
        "utcOffset": "+00:00",
        "utcOffsetMilliseconds": 0,
        "uiDomain": "app.hubspot.com",
        "dataHostingLocation": "na1",
    }
    assert api.get("/account-info/2026-03/details").json() == details


def test_contacts_answer_the_same_under_the_date_versioned_path(sandbox: Sandbox, api: Api) -> None:
    params = {"properties": "firstname,property_number", "propertiesWithHistory": "lastname"}
    assert api.get(f"{V2026}/512", params=params).json() == api.get(f"{CONTACTS}/512", params=params).json()
    response = api.patch(f"{V2026}/512", {"properties": {"property_number": "42"}})
    assert response.status_code == 200 and response.json()["properties"]["property_number"] == "42"
    assert sandbox.contact_values("512")["property_number"] == "42"
    assert api.get(f"{V2026}/999").status_code == 404
    assert api.delete(f"{V2026}/601").status_code == 204
    assert api.get("/crm/objects/2026-03/widgets/1").status_code == 404
