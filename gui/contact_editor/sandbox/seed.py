"""Seed data for the sandbox: property definitions, property groups and contacts.

The demo seed lives in resources/sandbox/ (found with `contact_editor.resources.resource_path`):

- `properties-demo.json`: our own definitions (the seed page's seven `property_*` ones, the usual
  contact properties), in HubSpot's `{"results": [...]}` shape.
- `crm-v3-properties-contacts.sampled-15.json`: 15 real definitions (MIT, see its .license file).
  Where a name occurs in both files, the demo definition wins.
- `groups.json`: the groups used by the definitions.
- `contacts.json`: `{"results": [{"id", "createdAt", "updatedAt", "properties"}]}`.
- `owners.json`: `{"results": [...]}` in the shape of `GET /crm/v3/owners` (values of
  `hubspot_owner_id` are owner IDs).

Seed contact values are taken as they are (no validation), so a seed can hold values the rules
would refuse today, e.g. an option that was removed since. Contact and owner IDs are positive
integers written as strings (as HubSpot's are).

`Seed.generated(...)` (see `generator`) describes a large portal whose contacts are produced on the
fly while the store loads them, instead of being held as JSON objects.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from contact_editor.resources import resource_path
from contact_editor.sandbox.rules import parse_timestamp

DEMO_PROPERTY_FILES = ("properties-demo.json", "crm-v3-properties-contacts.sampled-15.json")
GROUPS_FILE = "groups.json"
CONTACTS_FILE = "contacts.json"
OWNERS_FILE = "owners.json"

JsonObject = dict[str, Any]
_CANONICAL_ID = re.compile(r"[1-9][0-9]{0,17}")


@dataclass(frozen=True, slots=True)
class ContactRow:
    """One contact as the store loads it: integer ID, epoch-ms timestamps and its stored values."""

    id: int
    created_ms: int
    updated_ms: int
    values: Mapping[str, str]


class ContactSource(Protocol):
    """Contacts produced on the fly (the generator), loaded after the seed's JSON contacts."""

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[ContactRow]: ...


class SeedError(ValueError):
    """The seed data is inconsistent (unknown group or property, duplicate ID, bad shape)."""


@dataclass(frozen=True)
class Seed:
    """Definitions, groups and contacts a sandbox starts from. Each item is a JSON object."""

    properties: tuple[JsonObject, ...]
    groups: tuple[JsonObject, ...]
    contacts: tuple[JsonObject, ...]
    owners: tuple[JsonObject, ...] = ()
    generated_contacts: ContactSource | None = None

    @classmethod
    def from_json(
        cls,
        properties: Iterable[Mapping[str, Any]],
        groups: Iterable[Mapping[str, Any]],
        contacts: Iterable[Mapping[str, Any]],
        owners: Iterable[Mapping[str, Any]] = (),
    ) -> Seed:
        """Build a seed from plain JSON objects (deep-copied), and check it."""
        seed = cls(
            properties=tuple(_copy_object(p) for p in properties),
            groups=tuple(_copy_object(g) for g in groups),
            contacts=tuple(_copy_object(c) for c in contacts),
            owners=tuple(_copy_object(o) for o in owners),
        )
        seed.check()
        return seed

    @classmethod
    def from_dir(cls, folder: Path, property_files: Sequence[str] = DEMO_PROPERTY_FILES) -> Seed:
        """Load a seed folder laid out like resources/sandbox/ (owners.json is optional)."""
        properties = _merge_definitions(_read_results(folder / name) for name in property_files)
        owners_file = folder / OWNERS_FILE
        return cls.from_json(
            properties,
            _read_results(folder / GROUPS_FILE),
            _read_results(folder / CONTACTS_FILE),
            _read_results(owners_file) if owners_file.exists() else (),
        )

    @classmethod
    def demo(cls) -> Seed:
        """The demo seed shipped in resources/sandbox/."""
        return cls.from_dir(resource_path("sandbox"))

    @classmethod
    def generated(
        cls,
        properties: int = 5000,
        contacts: int = 100_000,
        options: int = 5000,
        rng_seed: int = 0,
        owners: int = 25,
    ) -> Seed:
        """A large portal: the demo seed plus generated definitions (`properties` in all, across
        groups and every type/fieldType, one dropdown with `options` options), `owners` more owners
        and `contacts` generated contacts with plausible values. Deterministic for one `rng_seed`."""
        from contact_editor.sandbox.generator import generate_seed

        return generate_seed(
            properties=properties, contacts=contacts, options=options, rng_seed=rng_seed, owners=owners
        )

    def check(self) -> None:
        """Raise SeedError unless every definition's group exists, every contact value names a
        defined property, and IDs and names are unique and well-formed."""
        group_names = _unique_names(self.groups, "name", "group")
        property_names = _unique_names(self.properties, "name", "property")
        for definition in self.properties:
            if definition.get("groupName") not in group_names:
                raise SeedError(f"property {definition['name']!r} is in an unknown group")
        for contact_id in _unique_names(self.contacts, "id", "contact"):
            _check_numeric_id(contact_id, "contact")
        for contact in self.contacts:
            _check_contact(contact, property_names)
        for owner_id in _unique_names(self.owners, "id", "owner"):
            _check_numeric_id(owner_id, "owner")

    def contact_count(self) -> int:
        generated = len(self.generated_contacts) if self.generated_contacts is not None else 0
        return len(self.contacts) + generated

    def contact_rows(self, now_ms: int) -> Iterator[ContactRow]:
        """Every contact of the seed as a row: the JSON contacts first, then any generated ones.
        Missing timestamps become `now_ms`; computed and empty values are left out by the store."""
        for contact in self.contacts:
            created = contact.get("createdAt")
            updated = contact.get("updatedAt")
            created_ms = _timestamp_ms(created) if isinstance(created, str) else now_ms
            updated_ms = _timestamp_ms(updated) if isinstance(updated, str) else created_ms
            values = {str(k): str(v) for k, v in dict(contact.get("properties") or {}).items() if v}
            yield ContactRow(int(contact["id"]), created_ms, updated_ms, values)
        if self.generated_contacts is not None:
            yield from self.generated_contacts


def _check_numeric_id(value: str, what: str) -> None:
    if not _CANONICAL_ID.fullmatch(value):
        raise SeedError(f"{what} ID {value!r} is not a positive integer")


def _timestamp_ms(value: str) -> int:
    try:
        return parse_timestamp(value)
    except ValueError as exc:
        raise SeedError(f"bad timestamp {value!r}") from exc


def _copy_object(value: Mapping[str, Any]) -> JsonObject:
    if not isinstance(value, Mapping):
        raise SeedError("seed items must be JSON objects")
    return copy.deepcopy(dict(value))


def _read_results(path: Path) -> list[JsonObject]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SeedError(f"cannot read seed file {path.name}: {exc}") from exc
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list):
        raise SeedError(f"seed file {path.name} has no 'results' list")
    return results


def _merge_definitions(files: Iterable[list[JsonObject]]) -> list[JsonObject]:
    """Concatenate definition lists; the first definition of a name wins."""
    merged: dict[str, JsonObject] = {}
    for definitions in files:
        for definition in definitions:
            merged.setdefault(str(definition.get("name")), definition)
    return list(merged.values())


def _unique_names(items: Iterable[Mapping[str, Any]], key: str, what: str) -> set[str]:
    seen: set[str] = set()
    for item in items:
        value = item.get(key)
        if not isinstance(value, str) or not value:
            raise SeedError(f"a {what} has no {key!r}")
        if value in seen:
            raise SeedError(f"duplicate {what} {value!r}")
        seen.add(value)
    return seen


def _check_contact(contact: Mapping[str, Any], property_names: set[str]) -> None:
    values = contact.get("properties", {})
    if not isinstance(values, Mapping):
        raise SeedError(f"contact {contact['id']!r} has no properties object")
    for name, value in values.items():
        if name not in property_names:
            raise SeedError(f"contact {contact['id']!r} uses undefined property {name!r}")
        if value is not None and not isinstance(value, str):
            raise SeedError(f"contact {contact['id']!r}: {name!r} must be a string or null")
