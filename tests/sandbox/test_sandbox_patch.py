"""PATCH: the seed page example, each validation rule, atomicity, clearing and timestamps."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import requests
from sandbox_testkit import CONTACTS, SEED_PAGE_BODY, Api

from contact_editor.sandbox import Sandbox

# The structure of fixtures/error-400-validation-property-doesnt-exist.json (a real HubSpot body).
REAL_KEYS = ["status", "message", "correlationId", "errors", "category"]
REAL_EMBEDDED_ENTRY = {
    "isValid": False,
    "message": 'Property "first000name" does not exist',
    "error": "PROPERTY_DOESNT_EXIST",
    "name": "first000name",
}
REAL_ERROR = {
    "message": 'Property "first000name" does not exist',
    "code": "PROPERTY_DOESNT_EXIST",
    "context": {"propertyName": ["first000name"]},
}
ISO_MS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def _codes(body: dict[str, Any]) -> dict[str, str]:
    return {e["context"]["propertyName"][0]: e["code"] for e in body["errors"]}


def _single_error(api: Api, properties: dict[str, Any], contact_id: str = "512") -> tuple[str, str]:
    response = api.patch_contact(contact_id, properties)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["category"] == "VALIDATION_ERROR"
    [error] = body["errors"]
    return error["code"], error["message"]


def test_seed_page_patch_body_succeeds_and_echoes_the_values(sandbox: Sandbox, api: Api) -> None:
    before = api.get(f"{CONTACTS}/512").json()
    response = api.patch(f"{CONTACTS}/512", SEED_PAGE_BODY)
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == "512" and data["archived"] is False
    assert data["createdAt"] == "2019-10-30T03:30:17.883Z"
    expected = dict(SEED_PAGE_BODY["properties"])
    assert {k: data["properties"][k] for k in expected} == expected
    assert set(data["properties"]) == {*expected, "hs_object_id", "lastmodifieddate"}
    assert data["properties"]["lastmodifieddate"] == data["updatedAt"]
    assert ISO_MS.fullmatch(data["updatedAt"]) and data["updatedAt"] > before["updatedAt"]
    values = sandbox.contact_values("512")
    assert {k: values[k] for k in expected} == expected


def test_validation_body_mirrors_the_real_fixture(api: Api) -> None:
    response = api.patch_contact("512", {"first000name": "x", "last000name": "y"})
    assert response.status_code == 400
    body = response.json()
    assert list(body) == REAL_KEYS
    assert body["status"] == "error"
    assert body["correlationId"] == response.headers["x-hubspot-correlation-id"]
    prefix = "Property values were not valid: "
    assert body["message"].startswith(prefix)
    embedded = json.loads(body["message"][len(prefix):])
    assert [list(e) for e in embedded] == [list(REAL_EMBEDDED_ENTRY)] * 2
    assert embedded[0] == REAL_EMBEDDED_ENTRY
    assert embedded[1]["name"] == "last000name"
    assert body["errors"][0] == REAL_ERROR
    assert [list(e) for e in body["errors"]] == [list(REAL_ERROR)] * 2


@pytest.mark.parametrize(
    ("properties", "code", "message"),
    [
        ({"favourite_colour": "blue"}, "PROPERTY_DOESNT_EXIST", 'Property "favourite_colour" does not exist'),
        ({"property_dropdown": "choice_z"}, "INVALID_OPTION",
         "choice_z was not one of the allowed options: [choice_a, choice_b, choice_c]"),
        ({"property_radio": "Option 1"}, "INVALID_OPTION", None),
        ({"property_multiple_checkboxes": "chocolate;fudge"}, "INVALID_OPTION",
         "fudge was not one of the allowed options: "
         "[chocolate, vanilla, strawberry, mint, cookie_dough, rum_raisin]"),
        ({"property_date": "1635535865"}, "INVALID_DATE", "1635535865 is at 22:18:55.865 UTC, not midnight!"),
        ({"property_date": "1714550400000"}, "INVALID_DATE",
         "1714550400000 is at 08:00:00.000 UTC, not midnight!"),
        ({"property_date": "next tuesday"}, "INVALID_DATE", None),
        ({"hs_object_id": "1"}, "READ_ONLY_VALUE", None),
        ({"lastmodifieddate": ""}, "READ_ONLY_VALUE", None),
        ({"hubspotscore": "99"}, "READ_ONLY_VALUE", None),
        ({"property_number": "1e3"}, "INVALID_NUMBER", None),
        ({"property_number": "1,234"}, "INVALID_NUMBER", None),
        ({"property_checkbox": "True"}, "INVALID_OPTION",
         "True was not one of the allowed options: [true, false]"),
        ({"property_checkbox": "1"}, "INVALID_OPTION", None),
        ({"property_number": " 17"}, "LEADING_TRAILING_WHITESPACE", None),
        ({"property_dropdown": "choice_a\u200b"}, "LEADING_TRAILING_WHITESPACE", None),
        ({"email": "not-an-email"}, "INVALID_EMAIL", None),
        ({"property_checkbox": True}, "INVALID_VALUE_TYPE", None),
        ({"next_follow_up": "soon"}, "INVALID_DATETIME", None),
    ],
)
def test_each_rule_rejects_with_its_code(
    sandbox: Sandbox, api: Api, properties: dict[str, Any], code: str, message: str | None
) -> None:
    before = sandbox.contact_values("512")
    got_code, got_message = _single_error(api, properties)
    assert got_code == code
    if message is not None:
        assert got_message == message
    assert sandbox.contact_values("512") == before


def test_one_invalid_property_changes_nothing(sandbox: Sandbox, api: Api) -> None:
    before = sandbox.contact_values("512")
    updated = api.get(f"{CONTACTS}/512").json()["updatedAt"]
    response = api.patch_contact("512", {**SEED_PAGE_BODY["properties"], "property_radio": "option_9"})
    assert response.status_code == 400
    assert _codes(response.json()) == {"property_radio": "INVALID_OPTION"}
    assert sandbox.contact_values("512") == before
    assert api.get(f"{CONTACTS}/512").json()["updatedAt"] == updated


def test_all_invalid_properties_are_reported_together(api: Api) -> None:
    response = api.patch_contact("512", {"nope": "1", "property_number": "abc", "firstname": "Ok"})
    assert _codes(response.json()) == {"nope": "PROPERTY_DOESNT_EXIST", "property_number": "INVALID_NUMBER"}


def test_empty_string_clears_and_reads_back_as_null(sandbox: Sandbox, api: Api) -> None:
    response = api.patch_contact("512", {"property_string": "", "property_date": "", "jobtitle": ""})
    assert response.status_code == 200
    props = api.get(f"{CONTACTS}/512", params={"properties": "property_string,property_date,jobtitle"}).json()
    assert props["properties"] == {"property_string": None, "property_date": None, "jobtitle": None}
    assert sandbox.contact_values("512")["property_string"] is None


def test_json_null_leaves_a_value_alone(sandbox: Sandbox, api: Api) -> None:
    response = api.patch_contact("512", {"property_string": None, "firstname": "Marie"})
    assert response.status_code == 200
    assert "property_string" not in response.json()["properties"]
    values = sandbox.contact_values("512")
    assert values["property_string"] == "old value" and values["firstname"] == "Marie"


@pytest.mark.parametrize("body", [{"properties": {}}, {}, {"properties": "x"}, [], None])
def test_empty_or_missing_properties_map_is_400(api: Api, body: Any) -> None:
    response = api.patch(f"{CONTACTS}/512", body)
    assert response.status_code == 400
    assert response.json()["message"] == "No properties found to update, please provide at least one."


def test_patch_unknown_contact_is_404(api: Api) -> None:
    response = api.patch_contact("404404", {"firstname": "X"})
    assert response.status_code == 404
    assert response.json()["category"] == "OBJECT_NOT_FOUND"


def test_date_accepts_iso_day_and_stores_midnight_ms(sandbox: Sandbox, api: Api) -> None:
    response = api.patch_contact("601", {"property_date": "2024-05-01", "date_of_birth": "1714521600000"})
    assert response.status_code == 200
    assert response.json()["properties"]["property_date"] == "1714521600000"
    values = sandbox.contact_values("601")
    assert values["property_date"] == values["date_of_birth"] == "1714521600000"


def test_datetime_is_normalised_to_iso_utc_ms(sandbox: Sandbox, api: Api) -> None:
    assert api.patch_contact("601", {"next_follow_up": "2024-09-19T04:30:45-08:00"}).status_code == 200
    assert sandbox.contact_values("601")["next_follow_up"] == "2024-09-19T12:30:45.000Z"
    assert api.patch_contact("601", {"next_follow_up": "1714521600123"}).status_code == 200
    assert sandbox.contact_values("601")["next_follow_up"] == "2024-05-01T00:00:00.123Z"


def test_valid_values_of_each_kind_are_accepted(sandbox: Sandbox, api: Api) -> None:
    properties = {
        "property_number": "-12.50",
        "property_multiple_checkboxes": "mint;rum_raisin",  # a hidden option is still a valid value
        "hs_pipeline": "anything-goes",  # externalOptions: not checked
        "lifecyclestage": "customer",
        "phone": " +1 555 0100 ",  # strings keep their whitespace
        "property_string": "Zürich ✓",
    }
    assert api.patch_contact("702", properties).status_code == 200
    values = sandbox.contact_values("702")
    assert {k: values[k] for k in properties} == properties


def test_orphan_value_can_be_kept_by_not_sending_it(sandbox: Sandbox, api: Api) -> None:
    assert api.patch_contact("702", {"property_string": "x"}).status_code == 200
    assert sandbox.contact_values("702")["property_dropdown"] == "choice_legacy"
    code, _ = _single_error(api, {"property_dropdown": "choice_legacy"}, contact_id="702")
    assert code == "INVALID_OPTION"


def test_email_taken_by_another_contact_is_409(sandbox: Sandbox, api: Api) -> None:
    response = api.patch_contact("512", {"email": "Priya.Raman@example.com"})
    assert response.status_code == 409
    assert response.json()["message"] == "Contact already exists. Existing ID: 702"
    assert sandbox.contact_values("512")["email"] == "maria.jensen@example.com"


def test_patch_moves_updated_at_and_lastmodifieddate(api: Api) -> None:
    first = api.patch_contact("1051", {"firstname": "A"}).json()
    second = api.patch_contact("1051", {"firstname": "B"}).json()
    assert second["updatedAt"] > first["updatedAt"]
    props = api.get(f"{CONTACTS}/1051").json()["properties"]
    assert props["lastmodifieddate"] == second["updatedAt"]


def test_set_value_simulates_another_writer(sandbox: Sandbox, api: Api) -> None:
    before = api.get(f"{CONTACTS}/512").json()["updatedAt"]
    sandbox.set_value("512", "firstname", "Someone else")
    after = api.get(f"{CONTACTS}/512").json()
    assert after["properties"]["firstname"] == "Someone else"
    assert after["updatedAt"] > before
    sandbox.set_value("512", "property_dropdown", "no_longer_valid")  # no validation for other writers
    assert sandbox.contact_values("512")["property_dropdown"] == "no_longer_valid"
    sandbox.set_value("512", "firstname", None)
    assert sandbox.contact_values("512")["firstname"] is None
    with pytest.raises(KeyError):
        sandbox.set_value("512", "no_such_property", "x")
    with pytest.raises(KeyError):
        sandbox.set_value("1", "firstname", "x")
    with pytest.raises(KeyError):
        sandbox.contact_values("1")


def test_invalid_json_body_is_400(sandbox: Sandbox) -> None:
    response = requests.patch(
        f"{sandbox.url}{CONTACTS}/512",
        data=b"{not json",
        headers={"Authorization": "Bearer demo-sandbox-token", "Content-Type": "application/json"},
        timeout=5,
    )
    assert response.status_code == 400
    assert response.json()["category"] == "VALIDATION_ERROR"
    assert sandbox.requests[-1].body == "{not json"
