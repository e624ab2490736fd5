"""The 15 real property definitions in the shared fixture get sensible kinds and editability."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contact_editor.editing.codecs import EditorKind, decode, editor_kind, encode
from contact_editor.editing.edit_model import EditModel
from contact_editor.hubspot.models import PropertyDefinition

FIXTURE = Path(__file__).parent / "fixtures" / "crm-v3-properties-contacts.sampled-15.json"
K = EditorKind

EXPECTED = {
    "address": K.TEXT,
    "mobilephone": K.TEXT,
    "associatedcompanyid": K.NUMBER,
    "hs_associated_target_accounts": K.READ_ONLY,  # calculation_rollup
    "hs_date_entered_customer": K.READ_ONLY,  # calculation_read_time
    "hubspotscore": K.READ_ONLY,  # calculation_score
    "autogen": K.BOOLEAN,  # enumeration + booleancheckbox with true/false options
    "hs_contact_enrichment_opt_out": K.BOOLEAN,
    "hs_content_membership_status": K.SELECT,
    "hs_all_assigned_business_unit_ids": K.MULTI_SELECT,
    "hs_predictivecontactscorebucket": K.RADIO,
    "hs_first_subscription_create_date": K.READ_ONLY,
    "hs_notes_last_activity": K.READ_ONLY,  # object_coordinates
    "hs_pipeline": K.SELECT,
    "hobby__c": K.TEXT,
}
EDITABLE = {
    "address",
    "mobilephone",
    "associatedcompanyid",
    "autogen",
    "hs_content_membership_status",
    "hs_all_assigned_business_unit_ids",
    "hs_pipeline",
    "hobby__c",
}


@pytest.fixture(scope="module")
def definitions() -> list[PropertyDefinition]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return [PropertyDefinition.from_json(item) for item in data["results"]]


def test_every_definition_gets_a_sensible_kind(definitions: list[PropertyDefinition]) -> None:
    assert {d.name: editor_kind(d) for d in definitions} == EXPECTED


def test_read_only_definitions_are_not_editable(definitions: list[PropertyDefinition]) -> None:
    model = EditModel(definitions, {})
    assert {d.name for d in definitions if model.is_editable(d.name)} == EDITABLE
    for d in definitions:
        if d.read_only_value:
            assert not model.is_editable(d.name)
            with pytest.raises(ValueError):
                model.set_value(d.name, model.value(d.name))


def test_empty_values_round_trip_and_send_nothing(definitions: list[PropertyDefinition]) -> None:
    model = EditModel(definitions, {d.name: None for d in definitions})
    for d in definitions:
        assert encode(d, decode(d, None)) == ""
        if model.is_editable(d.name):
            model.set_value(d.name, model.value(d.name))
    assert model.patch_body() == {}


def test_editing_fixture_properties(definitions: list[PropertyDefinition]) -> None:
    model = EditModel(
        definitions, {"autogen": "", "hs_pipeline": "123", "hs_all_assigned_business_unit_ids": "0"}
    )
    model.set_value("autogen", True)
    model.set_value("hs_pipeline", "456")  # externalOptions: no local option check
    model.set_value("hs_all_assigned_business_unit_ids", ("0", "7"))
    model.set_value("hs_content_membership_status", "inactive")
    assert model.problems() == {}
    assert model.patch_body() == {
        "autogen": "true",
        "hs_content_membership_status": "inactive",
        "hs_all_assigned_business_unit_ids": "0;7",
        "hs_pipeline": "456",
    }
