"""Write rules beyond test_sandbox_patch: whitespace per type, option lists, midnight dates, strict
booleans and numbers, and that refused or null writes leave values and history untouched."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sandbox_testkit import CONTACTS, Api

from contact_editor.sandbox import Sandbox


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(burst=100_000, daily=10**9) as sb:
        yield sb


@pytest.fixture
def api(sandbox: Sandbox) -> Api:
    return Api(sandbox.url)


def _errors(api: Api, properties: dict[str, Any], contact_id: str = "512") -> dict[str, tuple[str, str]]:
    response = api.patch_contact(contact_id, properties)
    assert response.status_code == 400, response.text
    assert response.json()["category"] == "VALIDATION_ERROR"
    return {e["context"]["propertyName"][0]: (e["code"], e["message"]) for e in response.json()["errors"]}


def _history(api: Api, name: str, contact_id: str = "512") -> list[str]:
    data = api.get(f"{CONTACTS}/{contact_id}", params={"propertiesWithHistory": name}).json()
    return [h["value"] for h in data["propertiesWithHistory"][name]]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("property_checkbox", " true"),
        ("property_number", "5\t"),
        ("property_date", "2024-05-01 "),
        ("next_follow_up", " 2024-09-19T12:30:45.000Z"),
        ("lifecyclestage", "lead "),
        ("property_multiple_checkboxes", "\u200bmint"),
    ],
)
def test_non_string_properties_refuse_edge_whitespace(
    sandbox: Sandbox, api: Api, name: str, value: str
) -> None:
    before = sandbox.contact_values("512")[name]
    code, message = _errors(api, {name: value})[name]
    assert code == "LEADING_TRAILING_WHITESPACE"
    assert message == f'"{value}" includes leading or trailing whitespace.'
    assert sandbox.contact_values("512")[name] == before


def test_string_properties_keep_their_whitespace(sandbox: Sandbox, api: Api) -> None:
    assert api.patch_contact("512", {"jobtitle": "  Boss  ", "message": "line\n"}).status_code == 200
    assert sandbox.contact_values("512")["jobtitle"] == "  Boss  "


def test_invalid_option_lists_every_allowed_value_in_order(api: Api) -> None:
    code, message = _errors(api, {"lifecyclestage": "prospect"})["lifecyclestage"]
    assert code == "INVALID_OPTION"
    assert message == (
        "prospect was not one of the allowed options: [subscriber, lead, marketingqualifiedlead, "
        "salesqualifiedlead, opportunity, customer, evangelist, other]"
    )


@pytest.mark.parametrize(
    ("value", "time"),
    [("1714521600001", "00:00:00.001"), ("1714607999999", "23:59:59.999"), ("86400000123", "00:00:00.123")],
)
def test_dates_must_be_midnight_utc(api: Api, value: str, time: str) -> None:
    assert _errors(api, {"property_date": value})["property_date"] == (
        "INVALID_DATE",
        f"{value} is at {time} UTC, not midnight!",
    )


@pytest.mark.parametrize("value", ["TRUE", "False", "yes", "0", "1", "on"])
def test_booleans_are_only_true_or_false(api: Api, value: str) -> None:
    code, message = _errors(api, {"property_checkbox": value})["property_checkbox"]
    assert code == "INVALID_OPTION" and message.endswith("[true, false]")


@pytest.mark.parametrize("value", ["1e3", "1E3", "2.5e-1", "-1e+2", "0x10", "+5", ".5", "5.", "1_000", "NaN"])
def test_numbers_must_be_plain_decimals(api: Api, value: str) -> None:
    assert _errors(api, {"property_number": value})["property_number"][0] == "INVALID_NUMBER"


@pytest.mark.parametrize("value", ["0", "-0.25", "1234.5000", "90412345678"])
def test_plain_decimals_are_stored_as_sent(sandbox: Sandbox, api: Api, value: str) -> None:
    assert api.patch_contact("601", {"property_number": value}).status_code == 200
    assert sandbox.contact_values("601")["property_number"] == value


@pytest.mark.parametrize("value", [17, 1.5, False, ["a"], {"v": "x"}])
def test_values_must_be_json_strings(api: Api, value: Any) -> None:
    assert _errors(api, {"property_string": value})["property_string"][0] == "INVALID_VALUE_TYPE"


def test_a_refused_patch_writes_no_value_and_no_history(sandbox: Sandbox, api: Api) -> None:
    before = sandbox.contact_values("512")
    updated = api.get(f"{CONTACTS}/512").json()["updatedAt"]
    _errors(api, {"firstname": "Eve", "jobtitle": "CEO", "property_number": "1e3"})
    conflict = api.patch_contact("512", {"firstname": "Eve", "email": "k.mensah@example.com"})
    assert conflict.status_code == 409 and conflict.json()["category"] == "CONFLICT"
    assert conflict.json()["message"] == "Contact already exists. Existing ID: 90412345678"
    assert sandbox.contact_values("512") == before
    assert api.get(f"{CONTACTS}/512").json()["updatedAt"] == updated
    assert _history(api, "firstname") == ["Maria"]  # only the seed value
    assert _history(api, "jobtitle") == ["Operations Manager"]


def test_empty_string_clears_with_a_history_entry_and_null_leaves_alone(sandbox: Sandbox, api: Api) -> None:
    response = api.patch_contact("512", {"jobtitle": "", "company": None, "phone": "+1 555 0000"})
    assert response.status_code == 200
    assert (
        response.json()["properties"]["jobtitle"] is None and "company" not in response.json()["properties"]
    )
    values = sandbox.contact_values("512")
    assert values["jobtitle"] is None and values["company"] == "Harbor Analytics"
    assert _history(api, "jobtitle") == ["", "Operations Manager"]
    assert _history(api, "company") == ["Harbor Analytics"]


def test_only_nulls_change_nothing(sandbox: Sandbox, api: Api) -> None:
    updated = api.get(f"{CONTACTS}/512").json()["updatedAt"]
    response = api.patch_contact("512", {"firstname": None})
    assert response.status_code == 200
    assert response.json()["updatedAt"] == updated
    assert _history(api, "firstname") == ["Maria"]


def test_the_same_email_in_another_case_is_still_taken_but_ones_own_is_fine(api: Api) -> None:
    assert api.patch_contact("601", {"email": "MARIA.JENSEN@EXAMPLE.COM"}).status_code == 409
    assert api.patch_contact("512", {"email": "Maria.Jensen@example.com"}).status_code == 200
