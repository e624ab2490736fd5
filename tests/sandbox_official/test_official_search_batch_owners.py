"""HubSpot's official client: search (each operator, free text, one sort, paging to the end), batch
read (with a missing ID: 207), the contacts list and fetch_all, archive + archived reads, owners.

Expected results come from an oracle over `Sandbox.contact_values`, after giving the demo contacts
known numbers, so the tests follow the seed instead of hard-coding it."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from hubspot.crm.contacts import (
    ApiException,
    BatchReadInputSimplePublicObjectId,
    BatchResponseSimplePublicObject,
    BatchResponseSimplePublicObjectWithErrors,
    CollectionResponseSimplePublicObjectWithAssociationsForwardPaging,
    CollectionResponseWithTotalSimplePublicObjectForwardPaging,
    Filter,
    FilterGroup,
    PublicObjectSearchRequest,
    SimplePublicObject,
    SimplePublicObjectId,
    SimplePublicObjectWithAssociations,
)
from hubspot.crm.contacts.exceptions import NotFoundException
from hubspot.crm.owners import CollectionResponsePublicOwnerForwardPaging, PublicOwner
from official_kit import assert_hubspot_error

from contact_editor.sandbox import Sandbox
from hubspot import HubSpot

NUMBERS = {"512": "5", "601": "1234.5", "702": "-0.25", "90412345678": "0"}  # 1051 has none


@pytest.fixture
def numbered(sandbox: Sandbox) -> Sandbox:
    for contact_id, value in NUMBERS.items():
        sandbox.set_value(contact_id, "property_number", value)
    sandbox.set_value("1051", "property_number", None)
    return sandbox


def _values(sandbox: Sandbox) -> dict[str, dict[str, str | None]]:
    return {cid: sandbox.contact_values(cid) for cid in sandbox.contact_ids()}


def _number(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _search(client: HubSpot, *filters: Filter, **fields: Any) -> list[str]:
    """Every matching ID, paging to the end two at a time; checks each page's model."""
    ids: list[str] = []
    after: str | None = None
    groups = [FilterGroup(filters=list(filters))] if filters else []
    while True:
        request = PublicObjectSearchRequest(filter_groups=groups, limit=2, after=after, **fields)
        page = client.crm.contacts.search_api.do_search(request)
        assert isinstance(page, CollectionResponseWithTotalSimplePublicObjectForwardPaging)
        assert all(isinstance(c, SimplePublicObject) for c in page.results)
        ids.extend(c.id for c in page.results)
        if page.paging is None:
            assert page.total == len(ids)
            return ids
        after = page.paging.next.after
        assert after is not None and after.isdigit()


def _oracle(sandbox: Sandbox, name: str, keep: Callable[[str | None], bool]) -> list[str]:
    return sorted((cid for cid, values in _values(sandbox).items() if keep(values.get(name))), key=int)


def _by_id(ids: list[str]) -> list[str]:
    return sorted(ids, key=int)


# (filter, property, oracle on that property's value)
OPERATOR_CASES: list[tuple[Filter, str, Callable[[str | None], bool]]] = [
    (
        Filter(property_name="property_number", operator="EQ", value="5"),
        "property_number",
        lambda v: v is not None and _number(v) == 5,
    ),
    (
        Filter(property_name="firstname", operator="EQ", value="MARIA"),
        "firstname",
        lambda v: (v or "").lower() == "maria",
    ),
    (
        Filter(property_name="email", operator="NEQ", value="maria.jensen@example.com"),
        "email",
        lambda v: v != "maria.jensen@example.com",
    ),
    (
        Filter(property_name="property_number", operator="LT", value="0"),
        "property_number",
        lambda v: v is not None and Decimal(v) < 0,
    ),
    (
        Filter(property_name="property_number", operator="LTE", value="0"),
        "property_number",
        lambda v: v is not None and Decimal(v) <= 0,
    ),
    (
        Filter(property_name="property_number", operator="GT", value="5"),
        "property_number",
        lambda v: v is not None and Decimal(v) > 5,
    ),
    (
        Filter(property_name="property_number", operator="GTE", value="5"),
        "property_number",
        lambda v: v is not None and Decimal(v) >= 5,
    ),
    (
        Filter(property_name="property_number", operator="BETWEEN", value="0", high_value="5"),
        "property_number",
        lambda v: v is not None and 0 <= Decimal(v) <= 5,
    ),
    (
        Filter(
            property_name="email",
            operator="IN",
            values=["maria.jensen@example.com", "priya.raman@example.com"],
        ),
        "email",
        lambda v: v in ("maria.jensen@example.com", "priya.raman@example.com"),
    ),
    (
        Filter(
            property_name="email",
            operator="NOT_IN",
            values=["maria.jensen@example.com", "priya.raman@example.com"],
        ),
        "email",
        lambda v: v not in ("maria.jensen@example.com", "priya.raman@example.com"),
    ),
    (Filter(property_name="firstname", operator="HAS_PROPERTY"), "firstname", lambda v: v is not None),
    (Filter(property_name="firstname", operator="NOT_HAS_PROPERTY"), "firstname", lambda v: v is None),
    (
        Filter(property_name="firstname", operator="CONTAINS_TOKEN", value="priya"),
        "firstname",
        lambda v: (v or "").lower() == "priya",
    ),
]


@pytest.mark.parametrize(
    ("filter_", "name", "keep"), OPERATOR_CASES, ids=[f"{c[0].operator}-{c[1]}" for c in OPERATOR_CASES]
)
def test_each_operator(
    hubspot: HubSpot, numbered: Sandbox, filter_: Filter, name: str, keep: Callable[[str | None], bool]
) -> None:
    expected = _oracle(numbered, name, keep)
    assert expected, "a case that matches nothing proves little"
    assert _by_id(_search(hubspot, filter_)) == expected


def test_groups_are_ored_and_filters_anded(hubspot: HubSpot, numbered: Sandbox) -> None:
    request = PublicObjectSearchRequest(
        filter_groups=[
            FilterGroup(
                filters=[
                    Filter(property_name="property_number", operator="GTE", value="0"),
                    Filter(property_name="property_number", operator="LT", value="10"),
                ]
            ),
            FilterGroup(filters=[Filter(property_name="firstname", operator="NOT_HAS_PROPERTY")]),
        ],
        limit=10,
    )
    page = hubspot.crm.contacts.search_api.do_search(request)
    assert _by_id([c.id for c in page.results]) == ["512", "1051", "90412345678"]


def test_free_text_query_sort_and_properties(hubspot: HubSpot, numbered: Sandbox) -> None:
    page = hubspot.crm.contacts.search_api.do_search(
        PublicObjectSearchRequest(query="jensen", properties=["email", "property_number"], limit=10)
    )
    assert [c.id for c in page.results] == ["512"]
    assert page.results[0].properties["property_number"] == "5"
    sort = [{"propertyName": "property_number", "direction": "DESCENDING"}]
    ordered = _search(hubspot, Filter(property_name="property_number", operator="HAS_PROPERTY"), sorts=sort)
    assert ordered == sorted(NUMBERS, key=lambda cid: Decimal(NUMBERS[cid]), reverse=True)


def test_sorts_typed_as_strings_like_the_clients_model(hubspot: HubSpot, numbered: Sandbox) -> None:
    """PublicObjectSearchRequest.sorts is list[str] in the client (as in HubSpot's spec); "-name" sorts
    descending, as real clients send it."""
    has_number = Filter(property_name="property_number", operator="HAS_PROPERTY")
    ascending = sorted(NUMBERS, key=lambda cid: Decimal(NUMBERS[cid]))
    assert _search(hubspot, has_number, sorts=["property_number"]) == ascending
    assert _search(hubspot, has_number, sorts=["-property_number"]) == ascending[::-1]


def test_paging_to_the_end_without_filters(hubspot: HubSpot, sandbox: Sandbox) -> None:
    sort = [{"propertyName": "hs_object_id", "direction": "ASCENDING"}]
    assert _search(hubspot, sorts=sort) == _by_id(sandbox.contact_ids())


def test_search_errors_are_validation_errors(hubspot: HubSpot) -> None:
    with pytest.raises(ApiException) as caught:
        hubspot.crm.contacts.search_api.do_search(PublicObjectSearchRequest(filter_groups=[], limit=201))
    assert_hubspot_error(caught.value, 400, "VALIDATION_ERROR")
    with pytest.raises(ApiException) as caught:
        hubspot.crm.contacts.search_api.do_search(
            PublicObjectSearchRequest(filter_groups=[], after="9990", limit=20)
        )
    assert_hubspot_error(caught.value, 400, "VALIDATION_ERROR")  # past the 10,000-result cap


def test_batch_read_with_history(hubspot: HubSpot, sandbox: Sandbox) -> None:
    body = BatchReadInputSimplePublicObjectId(
        inputs=[SimplePublicObjectId(id="512"), SimplePublicObjectId(id="601")],
        properties=["email", "firstname"],
        properties_with_history=["firstname"],
    )
    answer = hubspot.crm.contacts.batch_api.read(body)
    assert isinstance(answer, BatchResponseSimplePublicObject)
    assert answer.status == "COMPLETE" and answer.started_at and answer.completed_at
    by_id = {c.id: c for c in answer.results}
    assert set(by_id) == {"512", "601"}
    assert by_id["601"].properties["email"] == sandbox.contact_values("601")["email"]
    assert by_id["512"].properties_with_history["firstname"][0].value == "Maria"


def test_batch_read_with_a_missing_id_is_a_207_with_errors(hubspot: HubSpot) -> None:
    body = BatchReadInputSimplePublicObjectId(
        inputs=[SimplePublicObjectId(id="512"), SimplePublicObjectId(id="999999")],
        properties=["email"],
        properties_with_history=[],
    )
    answer = hubspot.crm.contacts.batch_api.read(body)
    assert isinstance(answer, BatchResponseSimplePublicObjectWithErrors)
    assert [c.id for c in answer.results] == ["512"]
    assert answer.num_errors == 1
    error = answer.errors[0]
    assert error.category == "OBJECT_NOT_FOUND" and error.context["ids"] == ["999999"]


def test_batch_read_by_email(hubspot: HubSpot, sandbox: Sandbox) -> None:
    email = sandbox.contact_values("702")["email"]
    body = BatchReadInputSimplePublicObjectId(
        inputs=[SimplePublicObjectId(id=email)],
        properties=["email"],
        properties_with_history=[],
        id_property="email",
    )
    answer = hubspot.crm.contacts.batch_api.read(body)
    assert [c.id for c in answer.results] == ["702"]


def test_list_and_fetch_all(hubspot: HubSpot, sandbox: Sandbox) -> None:
    page = hubspot.crm.contacts.basic_api.get_page(limit=2, properties=["email"])
    assert isinstance(page, CollectionResponseSimplePublicObjectWithAssociationsForwardPaging)
    assert len(page.results) == 2 and page.paging.next.after
    assert all(isinstance(c, SimplePublicObjectWithAssociations) for c in page.results)
    everyone = hubspot.crm.contacts.get_all(properties=["email"])  # the client's own paging helper
    assert _by_id([c.id for c in everyone]) == _by_id(sandbox.contact_ids())


def test_archive_then_read_archived(hubspot: HubSpot, sandbox: Sandbox) -> None:
    hubspot.crm.contacts.basic_api.archive("601")
    with pytest.raises(NotFoundException) as caught:
        hubspot.crm.contacts.basic_api.get_by_id("601")
    assert_hubspot_error(caught.value, 404, "OBJECT_NOT_FOUND")
    archived = hubspot.crm.contacts.basic_api.get_by_id("601", archived=True, properties=["email"])
    assert archived.archived is True and archived.archived_at is not None
    assert "601" not in [c.id for c in hubspot.crm.contacts.get_all()]


def test_owners_get_page_to_the_end(hubspot: HubSpot) -> None:
    owners: list[PublicOwner] = []
    after = None
    while True:
        page = hubspot.crm.owners.owners_api.get_page(limit=2, after=after)
        assert isinstance(page, CollectionResponsePublicOwnerForwardPaging)
        owners.extend(page.results)
        if page.paging is None:
            break
        after = page.paging.next.after
    assert owners and all(isinstance(o, PublicOwner) and o.id and o.email for o in owners)
    assert len({o.id for o in owners}) == len(owners)
    assert "41629779" in {o.id for o in owners}  # hubspot_owner_id of contact 512
    one = hubspot.crm.owners.owners_api.get_by_id(int(owners[0].id))
    assert one.id == owners[0].id
