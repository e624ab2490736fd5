"""The date-versioned paths (/crm/objects/2026-03/..., /crm/properties/2026-03/...,
/account-info/2026-03/details) answer exactly as the v3 ones, and their bodies deserialise into the
official client's models. The official client only knows v3 paths, so these requests go out with
`requests` (with a timeout) and the client's own ApiClient deserialises them, validation on."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
import requests
from hubspot.crm.contacts import ApiClient as ContactsApiClient
from hubspot.crm.contacts import Configuration as ContactsConfiguration
from hubspot.crm.properties import ApiClient as PropertiesApiClient
from hubspot.crm.properties import Configuration as PropertiesConfiguration

from contact_editor.sandbox import DEMO_TOKEN, Sandbox

AUTH = {"Authorization": f"Bearer {DEMO_TOKEN}"}
TIMEOUT = 5

# (method, v3 path, JSON body, official model name, which client package)
CONTACTS, PROPERTIES = "/crm/v3/objects/contacts", "/crm/v3/properties/contacts"
CASES = [
    ("GET", f"{CONTACTS}/512?properties=email,firstname", None, "SimplePublicObjectWithAssociations",
     "contacts"),
    ("GET", f"{CONTACTS}?limit=2", None, "CollectionResponseSimplePublicObjectWithAssociationsForwardPaging",
     "contacts"),
    ("POST", f"{CONTACTS}/search", {"filterGroups": [], "limit": 3},
     "CollectionResponseWithTotalSimplePublicObjectForwardPaging", "contacts"),
    ("POST", f"{CONTACTS}/batch/read",
     {"inputs": [{"id": "512"}], "properties": ["email"], "propertiesWithHistory": []},
     "BatchResponseSimplePublicObject", "contacts"),
    ("GET", PROPERTIES, None, "CollectionResponsePropertyNoPaging", "properties"),
    ("GET", f"{PROPERTIES}/email", None, "ModelProperty", "properties"),
    ("GET", f"{PROPERTIES}/groups", None, "CollectionResponsePropertyGroupNoPaging", "properties"),
]  # fmt: skip


def _versioned(path: str) -> str:
    return path.replace("/crm/v3/objects/", "/crm/objects/2026-03/").replace(
        "/crm/v3/properties/", "/crm/properties/2026-03/"
    )


_VOLATILE = {"startedAt", "completedAt"}


def _deserialise(data: bytes, model: str, package: str) -> Any:
    configuration = ContactsConfiguration() if package == "contacts" else PropertiesConfiguration()
    configuration.client_side_validation = True
    client = ContactsApiClient(configuration) if package == "contacts" else PropertiesApiClient(configuration)
    return client.deserialize(SimpleNamespace(data=data), model)


def _stable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in _VOLATILE}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


@pytest.mark.parametrize(("method", "v3", "body", "model", "package"), CASES, ids=[c[3] for c in CASES])
def test_versioned_path_answers_like_v3(
    sandbox: Sandbox, method: str, v3: str, body: Any, model: str, package: str
) -> None:
    versioned = _versioned(v3)
    assert versioned != v3
    answers = [
        requests.request(method, sandbox.url + path, json=body, headers=AUTH, timeout=TIMEOUT)
        for path in (v3, versioned)
    ]
    assert [a.status_code for a in answers] == [200, 200]
    assert _stable(answers[0].json()) == _stable(answers[1].json())
    parsed = _deserialise(answers[1].content, model, package)
    assert type(parsed).__name__ == model


def test_versioned_patch_and_errors(sandbox: Sandbox) -> None:
    url = sandbox.url + "/crm/objects/2026-03/contacts/512"
    saved = requests.patch(url, json={"properties": {"firstname": "Mia"}}, headers=AUTH, timeout=TIMEOUT)
    assert saved.status_code == 200
    assert _deserialise(saved.content, "SimplePublicObject", "contacts").properties["firstname"] == "Mia"
    bad = requests.patch(
        url, json={"properties": {"property_dropdown": "zzz"}}, headers=AUTH, timeout=TIMEOUT
    )
    error = _deserialise(bad.content, "Error", "contacts")
    assert (bad.status_code, error.category) == (400, "VALIDATION_ERROR")
    assert error.errors[0].context == {"propertyName": ["property_dropdown"]}
    missing = requests.get(
        sandbox.url + "/crm/objects/2026-03/contacts/999999", headers=AUTH, timeout=TIMEOUT
    )
    assert (missing.status_code, _deserialise(missing.content, "Error", "contacts").category) == (
        404,
        "OBJECT_NOT_FOUND",
    )


@pytest.mark.parametrize("path", ["/account-info/v3/details", "/account-info/2026-03/details"])
def test_account_info(sandbox: Sandbox, path: str) -> None:
    """The official Python client has no account-info API; the shape is checked against §1.5."""
    answer = requests.get(sandbox.url + path, headers=AUTH, timeout=TIMEOUT)
    assert answer.status_code == 200
    details = answer.json()
    assert isinstance(details["portalId"], int) and details["uiDomain"] == "app.hubspot.com"
    assert {"timeZone", "companyCurrency", "accountType", "utcOffset", "dataHostingLocation"} <= set(details)
    without_oauth = sandbox.mint_token(scopes=["crm.objects.contacts.read"])
    refused = requests.get(
        sandbox.url + path, headers={"Authorization": f"Bearer {without_oauth}"}, timeout=TIMEOUT
    )
    assert refused.status_code == 403 and refused.json()["errors"][0]["context"]["requiredScopes"] == [
        "oauth"
    ]
