"""The blocking work behind Load and Save, as plain functions over a HubSpot client.

They run on a worker thread (see runner.py) and return typed results; failures are the client's
typed `HubSpotError`s (or `Cancelled`). Every HubSpot call goes through the retry policy, and every
wait goes through the job's `Waiter`, so the person sees a countdown and can cancel it.

A save is two jobs, with the window deciding in between: `read_current` (the conflict check: what
HubSpot holds now) and `send_changes` (the PATCH). No Qt here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from contact_editor.editing.edit_model import EditModel
from contact_editor.hubspot.models import Contact, PropertyDefinition, PropertyGroup
from contact_editor.hubspot.retry import RetryPolicy, Waiter, call_with_retries


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


class SchemaStore(Protocol):
    """Where the definitions of the last run are kept (`workers.schema_cache.SchemaCache`)."""

    def load(self, portal: str) -> Schema | None: ...
    def save(self, portal: str, schema: Schema) -> None: ...


@dataclass(frozen=True)
class LoadedContact:
    """A loaded contact, its schema and its edit model, all built off the GUI thread."""

    contact: Contact
    schema: Schema
    model: EditModel
    schema_from_cache: bool = False  # to be checked against HubSpot in the background
    schema_fetched: bool = False  # read from HubSpot by this load: to be kept for the next run


@dataclass(frozen=True)
class CurrentValues:
    """What HubSpot holds now, read just before sending (the conflict check)."""

    contact: Contact


@dataclass(frozen=True)
class SavedContact:
    """A successful save: what was sent, and the values HubSpot holds now."""

    contact: Contact
    sent: Mapping[str, str]
    values: Mapping[str, str | None] = field(default_factory=dict)


def fetch_schema(api: ContactsApi, policy: RetryPolicy, waiter: Waiter) -> Schema:
    definitions = call_with_retries(api.list_properties, policy, waiter)
    groups = call_with_retries(api.list_groups, policy, waiter)
    return Schema(definitions=tuple(definitions), groups=tuple(groups))


def refresh_schema(
    api: ContactsApi, store: SchemaStore | None, portal: str, policy: RetryPolicy, waiter: Waiter
) -> Schema:
    """Fetch the definitions and keep them for the next run."""
    schema = fetch_schema(api, policy, waiter)
    if store is not None:
        store.save(portal, schema)
    return schema


def keep_schema(store: SchemaStore, portal: str, schema: Schema, _waiter: Waiter) -> None:
    """Keep definitions fetched by a load for the next run. A job of its own, after the load has
    been shown: writing megabytes of JSON is no reason to keep the person waiting."""
    store.save(portal, schema)


def load_contact(
    api: ContactsApi,
    contact_id: str,
    schema: Schema | None,
    store: SchemaStore | None,
    portal: str,
    policy: RetryPolicy,
    waiter: Waiter,
    *,
    prepare: Callable[[Schema], None] | None = None,
) -> LoadedContact:
    """Read the contact with every defined property, and build its edit model.

    `prepare(schema)`, when given, does whatever else the window can work out from the schema
    alone, here on the worker thread rather than on the GUI thread (the form's layout).

    The definitions come from memory (`schema`), else from the last run's copy (`store`; the
    window then re-reads them in the background), else from HubSpot (the window then keeps them
    in `store` with `keep_schema`).
    """
    from_cache = fetched = False
    if schema is None and store is not None:
        schema = store.load(portal)
        from_cache = schema is not None
    if schema is None:
        schema = fetch_schema(api, policy, waiter)  # kept afterwards by `keep_schema`
        fetched = True
    names = [d.name for d in schema.definitions]
    contact = call_with_retries(lambda: api.get_contact(contact_id, names), policy, waiter)
    model = EditModel(schema.definitions, contact.properties)
    if prepare is not None:
        prepare(schema)
    return LoadedContact(
        contact=contact, schema=schema, model=model, schema_from_cache=from_cache, schema_fetched=fetched
    )


def read_current(
    api: ContactsApi, contact_id: str, shown: Sequence[str], policy: RetryPolicy, waiter: Waiter
) -> CurrentValues:
    """The conflict check's read by ID (never a search: F14)."""
    return CurrentValues(call_with_retries(lambda: api.get_contact(contact_id, list(shown)), policy, waiter))


def send_changes(
    api: ContactsApi,
    contact_id: str,
    body: Mapping[str, str],
    current: Mapping[str, str | None],
    policy: RetryPolicy,
    waiter: Waiter,
) -> SavedContact:
    """PATCH only the changed properties (the same absolute values, so a retry is safe).

    The form then shows HubSpot's answer for what it echoes, and for the rest the values read by
    ID just before sending (`current`), so a save costs one PATCH plus the conflict-check read.
    """
    patched = call_with_retries(lambda: api.patch_contact(contact_id, dict(body)), policy, waiter)
    values = dict(current)
    values.update(patched.properties)
    return SavedContact(contact=patched, sent=dict(body), values=values)
