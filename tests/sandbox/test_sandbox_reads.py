"""Reads: contacts, property definitions, groups, auth, 404s and correlation IDs."""

from __future__ import annotations

import uuid

import requests
from sandbox_testkit import CONTACTS, TIMEOUT, Api

from contact_editor.sandbox import Sandbox

DEFAULT_SIX = {"createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"}


def test_seed_contact_512_has_the_seed_page_shape(api: Api) -> None:
    response = api.get(f"{CONTACTS}/512")
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == "512"
    assert data["createdAt"] == "2019-10-30T03:30:17.883Z"
    assert data["archived"] is False
    assert data["url"] == "https://app.hubspot.com/contacts/12345678/record/0-1/512"
    assert set(data) >= {"id", "properties", "createdAt", "updatedAt", "archived", "url"}


def test_get_without_properties_returns_the_default_six(api: Api) -> None:
    props = api.get(f"{CONTACTS}/512").json()["properties"]
    assert set(props) == DEFAULT_SIX
    assert props["hs_object_id"] == "512"
    assert props["email"] == "maria.jensen@example.com"
    assert props["createdate"] == "2019-10-30T03:30:17.883Z"


def test_properties_comma_separated_and_repeated_unknown_ignored(api: Api) -> None:
    params = [("properties", "firstname,property_number"), ("properties", "nope_not_a_property"),
              ("properties", "property_radio")]
    props = api.get(f"{CONTACTS}/512", params=params).json()["properties"]
    assert props == {"firstname": "Maria", "property_number": "5", "property_radio": "option_2"}


def test_requested_but_empty_property_is_json_null(api: Api) -> None:
    props = api.get(f"{CONTACTS}/601", params={"properties": "property_date,date_of_birth,firstname"}).json()
    assert props["properties"] == {"property_date": None, "date_of_birth": None, "firstname": "Tomás"}


def test_seed_512_values_differ_from_the_seed_page_example(sandbox: Sandbox) -> None:
    values = sandbox.contact_values("512")
    assert values["property_checkbox"] == "true"
    assert values["property_date"] == "1569888000000"  # 2019-10-01 midnight UTC
    assert values["property_dropdown"] == "choice_a"
    assert values["property_multiple_checkboxes"] == "vanilla"
    assert values["property_number"] == "5"
    assert values["property_radio"] == "option_2"
    assert values["property_string"] == "old value"


def test_seed_has_an_orphan_option_and_an_empty_date(sandbox: Sandbox, api: Api) -> None:
    dropdown = next(d for d in api.get("/crm/v3/properties/contacts").json()["results"]
                    if d["name"] == "property_dropdown")
    allowed = {o["value"] for o in dropdown["options"]}
    assert sandbox.contact_values("702")["property_dropdown"] not in allowed
    assert sandbox.contact_values("601")["property_date"] is None


def test_unknown_contact_is_404_object_not_found(api: Api) -> None:
    response = api.get(f"{CONTACTS}/999999")
    assert response.status_code == 404
    body = response.json()
    assert body["category"] == "OBJECT_NOT_FOUND"
    assert body["message"] == "Object not found.  objectId are usually numeric."
    assert body["context"] == {"id": ["999999"]}


def test_unknown_path_is_404_with_a_hubspot_like_body(api: Api) -> None:
    response = api.get("/crm/v3/objects/widgets/1")
    assert response.status_code == 404
    body = response.json()
    assert body["status"] == "error" and body["message"]
    assert body["correlationId"] == response.headers["x-hubspot-correlation-id"]


def test_missing_token_is_401(sandbox: Sandbox) -> None:
    response = Api(sandbox.url, token=None).get(f"{CONTACTS}/512")
    assert response.status_code == 401
    body = response.json()
    assert body["category"] == "INVALID_AUTHENTICATION"
    assert body["message"].startswith("Authentication credentials not found.")
    assert response.headers["x-hubspot-auth-failure"] == "401 Unauthorized"


def test_wrong_token_is_401_and_nothing_changes(sandbox: Sandbox) -> None:
    wrong = Api(sandbox.url, token="pat-na1-wrong")
    assert wrong.get(f"{CONTACTS}/512").status_code == 401
    assert wrong.patch_contact("512", {"firstname": "Eve"}).status_code == 401
    assert sandbox.contact_values("512")["firstname"] == "Maria"
    response = requests.get(f"{sandbox.url}{CONTACTS}/512", headers={"Authorization": "Basic abc"},
                            timeout=TIMEOUT)
    assert response.status_code == 401


def test_every_response_has_a_uuid_correlation_id_matching_the_error_body(api: Api) -> None:
    ok = api.get(f"{CONTACTS}/512")
    error = api.get(f"{CONTACTS}/0")
    for response in (ok, error):
        uuid.UUID(response.headers["x-hubspot-correlation-id"], version=4)
    assert error.json()["correlationId"] == error.headers["x-hubspot-correlation-id"]
    assert ok.headers["x-hubspot-correlation-id"] != error.headers["x-hubspot-correlation-id"]


def test_property_definitions_cover_the_seed_page_properties(api: Api) -> None:
    response = api.get("/crm/v3/properties/contacts")
    assert response.status_code == 200
    by_name = {d["name"]: d for d in response.json()["results"]}
    expected = {
        "property_checkbox": ("bool", "booleancheckbox"),
        "property_date": ("date", "date"),
        "property_dropdown": ("enumeration", "select"),
        "property_multiple_checkboxes": ("enumeration", "checkbox"),
        "property_number": ("number", "number"),
        "property_radio": ("enumeration", "radio"),
        "property_string": ("string", "text"),
    }
    for name, (type_, field_type) in expected.items():
        assert (by_name[name]["type"], by_name[name]["fieldType"]) == (type_, field_type)
        assert by_name[name]["groupName"] == "demo_properties"
    assert by_name["hs_object_id"]["modificationMetadata"]["readOnlyValue"] is True
    assert by_name["lifecyclestage"]["modificationMetadata"]["readOnlyValue"] is False
    assert "hs_pipeline" in by_name  # from the sampled real definitions


def test_groups_cover_every_definition(api: Api) -> None:
    groups = api.get("/crm/v3/properties/contacts/groups").json()["results"]
    names = {g["name"] for g in groups}
    assert all({"name", "label", "displayOrder", "archived"} <= set(g) for g in groups)
    definitions = api.get("/crm/v3/properties/contacts").json()["results"]
    assert {d["groupName"] for d in definitions} <= names
    assert {"contactinformation", "demo_properties", "integrationcreatedproperties"} <= names


def test_single_property_endpoint(api: Api) -> None:
    assert api.get("/crm/v3/properties/contacts/property_radio").json()["fieldType"] == "radio"
    assert api.get("/crm/v3/properties/contacts/no_such_property").status_code == 404


def test_properties_with_history_lists_the_latest_write_first(sandbox: Sandbox, api: Api) -> None:
    assert api.patch_contact("512", {"firstname": "Marie"}).status_code == 200
    data = api.get(f"{CONTACTS}/512", params={"propertiesWithHistory": "firstname"}).json()
    history = data["propertiesWithHistory"]["firstname"]
    assert [h["value"] for h in history] == ["Marie", "Maria"]
    assert history[0]["timestamp"] == data["updatedAt"]


def test_account_details_answers_a_connection_check(api: Api) -> None:
    details = api.get("/account-info/v3/details").json()
    assert details["portalId"] == 12345678
    assert details["uiDomain"] == "app.hubspot.com"
