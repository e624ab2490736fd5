"""HubSpot's official client, contacts basic API: get_by_id (properties, propertiesWithHistory,
idProperty, archived) and update, successes as the client's models and errors as its ApiExceptions."""

from __future__ import annotations

from datetime import datetime

import pytest
from hubspot.crm.contacts import (
    ApiException,
    SimplePublicObject,
    SimplePublicObjectInput,
    SimplePublicObjectWithAssociations,
    ValueWithTimestamp,
)
from hubspot.crm.contacts.exceptions import NotFoundException
from official_kit import assert_hubspot_error

from contact_editor.sandbox import Sandbox
from hubspot import HubSpot

SEED_PAGE = {
    "property_checkbox": "false",
    "property_date": "1572480000000",
    "property_dropdown": "choice_b",
    "property_multiple_checkboxes": "chocolate;strawberry",
    "property_number": "17",
    "property_radio": "option_2",
    "property_string": "value",
}


def test_get_by_id_with_properties(hubspot: HubSpot, sandbox: Sandbox) -> None:
    names = ["email", "firstname", "date_of_birth", "associatedcompanyid", "no_such_property"]
    contact = hubspot.crm.contacts.basic_api.get_by_id("512", properties=names)
    assert isinstance(contact, SimplePublicObjectWithAssociations)
    assert contact.id == "512" and contact.archived is False
    assert isinstance(contact.created_at, datetime) and isinstance(contact.updated_at, datetime)
    expected = {n: v for n, v in sandbox.contact_values("512").items() if n in names}
    assert {k: v for k, v in contact.properties.items() if k in names} == expected
    assert contact.properties["associatedcompanyid"] is None  # asked for, no value: JSON null
    assert "no_such_property" not in contact.properties  # unknown names are ignored
    request = sandbox.requests[-1]
    assert request.path == "/crm/v3/objects/contacts/512"
    assert request.query["properties"] == names  # the client repeats the parameter (form, explode)


def test_get_by_id_without_properties_returns_the_default_set(hubspot: HubSpot) -> None:
    contact = hubspot.crm.contacts.basic_api.get_by_id("512")
    assert {"createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"} <= set(
        contact.properties
    )
    assert contact.properties["hs_object_id"] == "512"


def test_get_by_id_with_history_after_updates(hubspot: HubSpot) -> None:
    api = hubspot.crm.contacts.basic_api
    api.update("512", SimplePublicObjectInput(properties={"firstname": "Mia"}))
    api.update("512", SimplePublicObjectInput(properties={"firstname": "Mila"}))
    contact = api.get_by_id(
        "512", properties=["firstname"], properties_with_history=["firstname", "lastname"]
    )
    history = contact.properties_with_history["firstname"]
    assert [h.value for h in history[:3]] == ["Mila", "Mia", "Maria"]  # newest first
    for entry in history:
        assert isinstance(entry, ValueWithTimestamp)
        assert isinstance(entry.timestamp, datetime) and entry.source_type
    assert [h.timestamp for h in history] == sorted((h.timestamp for h in history), reverse=True)
    assert contact.properties["firstname"] == "Mila"


def test_get_by_id_archived_true_does_not_return_a_live_contact(hubspot: HubSpot, sandbox: Sandbox) -> None:
    with pytest.raises(NotFoundException) as caught:
        hubspot.crm.contacts.basic_api.get_by_id("512", archived=True)
    assert_hubspot_error(caught.value, 404, "OBJECT_NOT_FOUND")
    assert sandbox.requests[-1].query["archived"] == ["True"]  # str(bool), not "true"
    assert hubspot.crm.contacts.basic_api.get_by_id("512", archived=False).id == "512"


def test_get_by_id_unknown_contact(hubspot: HubSpot) -> None:
    with pytest.raises(NotFoundException) as caught:
        hubspot.crm.contacts.basic_api.get_by_id("999999")
    body = assert_hubspot_error(caught.value, 404, "OBJECT_NOT_FOUND")
    assert body["context"] == {"id": ["999999"]}


def test_update_returns_a_simple_public_object(hubspot: HubSpot, sandbox: Sandbox) -> None:
    updated = hubspot.crm.contacts.basic_api.update("512", SimplePublicObjectInput(properties=SEED_PAGE))
    assert isinstance(updated, SimplePublicObject)
    assert updated.id == "512" and isinstance(updated.updated_at, datetime)
    for name, value in SEED_PAGE.items():
        assert updated.properties[name] == value
        assert sandbox.contact_values("512")[name] == value
    assert sandbox.requests[-1].body == {"properties": SEED_PAGE}


def test_update_clears_with_an_empty_string(hubspot: HubSpot, sandbox: Sandbox) -> None:
    hubspot.crm.contacts.basic_api.update("512", SimplePublicObjectInput(properties={"jobtitle": ""}))
    assert sandbox.contact_values("512")["jobtitle"] is None
    contact = hubspot.crm.contacts.basic_api.get_by_id("512", properties=["jobtitle"])
    assert contact.properties["jobtitle"] is None


def test_update_with_invalid_values_is_a_validation_error_per_property(
    hubspot: HubSpot, sandbox: Sandbox
) -> None:
    before = sandbox.contact_values("512")
    bad = {
        "firstname": "Fine",
        "no_such_property": "x",
        "property_dropdown": "choice_z",
        "property_checkbox": "yes",
        "property_date": "1635535865000",
        "hs_object_id": "1",
    }
    with pytest.raises(ApiException) as caught:
        hubspot.crm.contacts.basic_api.update("512", SimplePublicObjectInput(properties=bad))
    body = assert_hubspot_error(caught.value, 400, "VALIDATION_ERROR")
    assert body["message"].startswith("Property values were not valid: [")
    by_name = {e["context"]["propertyName"][0]: e for e in body["errors"]}
    assert set(by_name) == set(bad) - {"firstname"}
    assert by_name["no_such_property"]["code"] == "PROPERTY_DOESNT_EXIST"
    assert by_name["property_dropdown"]["code"] == "INVALID_OPTION"
    assert "choice_a" in by_name["property_dropdown"]["message"]
    assert by_name["property_date"]["code"] == "INVALID_DATE"
    assert by_name["property_date"]["message"].endswith("UTC, not midnight!")
    assert all(e["message"] and e["code"] for e in body["errors"])
    assert sandbox.contact_values("512") == before  # one bad property: nothing written


def test_update_unknown_contact_and_empty_update(hubspot: HubSpot) -> None:
    with pytest.raises(NotFoundException) as caught:
        hubspot.crm.contacts.basic_api.update(
            "999999", SimplePublicObjectInput(properties={"firstname": "X"})
        )
    assert_hubspot_error(caught.value, 404, "OBJECT_NOT_FOUND")
    with pytest.raises(ApiException) as caught:
        hubspot.crm.contacts.basic_api.update("512", SimplePublicObjectInput(properties={}))
    body = assert_hubspot_error(caught.value, 400, "VALIDATION_ERROR")
    assert body["message"] == "No properties found to update, please provide at least one."


def test_update_to_another_contacts_email_is_a_conflict(hubspot: HubSpot, sandbox: Sandbox) -> None:
    other = sandbox.contact_values("601")["email"]
    with pytest.raises(ApiException) as caught:
        hubspot.crm.contacts.basic_api.update("512", SimplePublicObjectInput(properties={"email": other}))
    body = assert_hubspot_error(caught.value, 409, "CONFLICT")
    assert body["message"] == "Contact already exists. Existing ID: 601"


def test_get_by_id_with_id_property_email(hubspot: HubSpot, sandbox: Sandbox) -> None:
    email = sandbox.contact_values("512")["email"]
    assert email is not None
    contact = hubspot.crm.contacts.basic_api.get_by_id(email, id_property="email", properties=["email"])
    assert contact.id == "512" and contact.properties["email"] == email
    assert sandbox.requests[-1].query["idProperty"] == ["email"]
    with pytest.raises(NotFoundException) as caught:
        hubspot.crm.contacts.basic_api.get_by_id("nobody@example.com", id_property="email")
    assert_hubspot_error(caught.value, 404, "OBJECT_NOT_FOUND")


def test_update_by_id_property(hubspot: HubSpot, sandbox: Sandbox) -> None:
    email = sandbox.contact_values("512")["email"]
    assert email is not None
    updated = hubspot.crm.contacts.basic_api.update(
        email, SimplePublicObjectInput(properties={"firstname": "Mia"}), id_property="email"
    )
    assert updated.id == "512" and sandbox.contact_values("512")["firstname"] == "Mia"
