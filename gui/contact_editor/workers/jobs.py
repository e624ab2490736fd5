"""The blocking work behind Load and Save, as plain functions over a HubSpot client.

They run on a worker thread (see runner.py) and return typed results; failures are the client's
typed `HubSpotError`s. No Qt here, so they are easy to read and to test.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from contact_editor.hubspot.errors import HubSpotError
from contact_editor.hubspot.models import Contact, PropertyDefinition, PropertyGroup

log = logging.getLogger(__name__)


class ContactsApi(Protocol):
    """What the jobs need from `HubSpotClient`."""

    def get_contact(self, contact_id: str, properties: Sequence[str]) -> Contact: ...
    def list_properties(self) -> list[PropertyDefinition]: ...
    def list_groups(self) -> list[PropertyGroup]: ...
    def patch_contact(self, contact_id: str, properties: Mapping[str, str]) -> Contact: ...


@dataclass(frozen=True)
class Schema:
    """The portal's contact property definitions and groups."""

    definitions: tuple[PropertyDefinition, ...]
    groups: tuple[PropertyGroup, ...]


@dataclass(frozen=True)
class LoadedContact:
    contact: Contact
    schema: Schema


@dataclass(frozen=True)
class SavedContact:
    """A successful save: what was sent, and the values HubSpot holds now."""

    contact: Contact
    sent: Mapping[str, str]
    values: Mapping[str, str | None] = field(default_factory=dict)
    reread_failed: bool = False


def fetch_schema(api: ContactsApi) -> Schema:
    definitions = tuple(d for d in api.list_properties())
    return Schema(definitions=definitions, groups=tuple(api.list_groups()))


def load_contact(api: ContactsApi, contact_id: str, schema: Schema | None) -> LoadedContact:
    """Read the definitions (unless already known) and the contact with every defined property."""
    schema = schema or fetch_schema(api)
    names = [d.name for d in schema.definitions]
    return LoadedContact(contact=api.get_contact(contact_id, names), schema=schema)


def save_contact(
    api: ContactsApi, contact_id: str, body: Mapping[str, str], shown: Sequence[str]
) -> SavedContact:
    """PATCH only the changed properties, then re-read by ID the shown ones the answer lacks.

    A failed re-read does not turn a successful save into a failure: the PATCH answer's values are
    used and `reread_failed` tells the window to suggest a reload (never a search: F14).
    """
    patched = api.patch_contact(contact_id, dict(body))
    values: dict[str, str | None] = {}
    missing = [name for name in shown if name not in patched.properties]
    reread_failed = False
    if missing:
        try:
            values.update(api.get_contact(patched.id, missing).properties)
        except HubSpotError as exc:
            log.warning("re-read after save failed: %s", type(exc).__name__)
            reread_failed = True
    values.update(patched.properties)
    return SavedContact(contact=patched, sent=dict(body), values=values, reread_failed=reread_failed)
