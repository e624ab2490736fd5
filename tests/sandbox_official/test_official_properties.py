"""HubSpot's official client, properties API: core get_all / get_by_name and groups get_all, as the
client's models (whose setters refuse a missing required field or an unknown enum value)."""

from __future__ import annotations

import pytest
from hubspot.crm.properties import (
    CollectionResponsePropertyGroupNoPaging,
    CollectionResponsePropertyNoPaging,
    ModelProperty,
    Option,
    PropertyGroup,
    PropertyModificationMetadata,
)
from hubspot.crm.properties.exceptions import NotFoundException
from official_kit import assert_hubspot_error

from contact_editor.sandbox import Sandbox
from hubspot import HubSpot


def test_get_all_deserialises_every_definition(hubspot: HubSpot, sandbox: Sandbox) -> None:
    answer = hubspot.crm.properties.core_api.get_all("contacts")
    assert isinstance(answer, CollectionResponsePropertyNoPaging)
    assert answer.results and all(isinstance(p, ModelProperty) for p in answer.results)
    names = [p.name for p in answer.results]
    assert len(names) == len(set(names))
    assert set(sandbox.contact_values("512")) <= set(names) | {"hs_object_id"}
    for definition in answer.results:
        assert definition.label and definition.type and definition.field_type and definition.group_name
        assert isinstance(definition.modification_metadata, PropertyModificationMetadata)
        assert all(isinstance(o, Option) for o in definition.options)
    by_name = {p.name: p for p in answer.results}
    assert by_name["hs_object_id"].modification_metadata.read_only_value is True
    assert by_name["firstname"].modification_metadata.read_only_value is False
    assert [o.value for o in by_name["property_dropdown"].options] == ["choice_a", "choice_b", "choice_c"]


def test_get_all_with_properties_filter_and_archived(hubspot: HubSpot, sandbox: Sandbox) -> None:
    answer = hubspot.crm.properties.core_api.get_all("contacts", archived=False, properties="email,firstname")
    assert sorted(p.name for p in answer.results) == ["email", "firstname"]
    # The generated client sends Python's str(bool): "False", not "false"; the sandbox (like HubSpot)
    # must read booleans case-insensitively.
    assert sandbox.requests[-1].query["archived"] == ["False"]


def test_get_by_name(hubspot: HubSpot) -> None:
    definition = hubspot.crm.properties.core_api.get_by_name("contacts", "property_multiple_checkboxes")
    assert isinstance(definition, ModelProperty)
    assert (definition.type, definition.field_type) == ("enumeration", "checkbox")
    assert len(definition.options) == 6
    assert [o.value for o in definition.options if o.hidden] == ["rum_raisin"]


def test_get_by_name_unknown_property(hubspot: HubSpot) -> None:
    with pytest.raises(NotFoundException) as caught:
        hubspot.crm.properties.core_api.get_by_name("contacts", "no_such_property")
    body = assert_hubspot_error(caught.value, 404, "OBJECT_NOT_FOUND")
    assert "no_such_property" in body["message"]
    with pytest.raises(NotFoundException) as caught:
        hubspot.crm.properties.groups_api.get_by_name("contacts", "no_such_group")
    assert_hubspot_error(caught.value, 404, "OBJECT_NOT_FOUND")


def test_groups_get_all(hubspot: HubSpot) -> None:
    answer = hubspot.crm.properties.groups_api.get_all("contacts")
    assert isinstance(answer, CollectionResponsePropertyGroupNoPaging)
    assert all(isinstance(g, PropertyGroup) for g in answer.results)
    assert "contactinformation" in [g.name for g in answer.results]
    assert all(g.label and g.display_order is not None and g.archived is False for g in answer.results)
    definitions = hubspot.crm.properties.core_api.get_all("contacts").results
    assert {d.group_name for d in definitions} <= {g.name for g in answer.results}
