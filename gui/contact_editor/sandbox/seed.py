"""Seed data for the sandbox: property definitions, property groups and contacts.

The demo seed lives in resources/sandbox/ (found with `contact_editor.resources.resource_path`):

- `properties-demo.json`: our own definitions (the seed page's seven `property_*` ones, the usual
  contact properties), in HubSpot's `{"results": [...]}` shape.
- `crm-v3-properties-contacts.sampled-15.json`: 15 real definitions (MIT, see its .license file).
  Where a name occurs in both files, the demo definition wins.
- `groups.json`: the groups used by the definitions.
- `contacts.json`: `{"results": [{"id", "createdAt", "updatedAt", "properties"}]}`.

Seed contact values are taken as they are (no validation), so a seed can hold values the rules
would refuse today, e.g. an option that was removed since.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contact_editor.resources import resource_path

DEMO_PROPERTY_FILES = ("properties-demo.json", "crm-v3-properties-contacts.sampled-15.json")
GROUPS_FILE = "groups.json"
CONTACTS_FILE = "contacts.json"

JsonObject = dict[str, Any]


class SeedError(ValueError):
    """The seed data is inconsistent (unknown group or property, duplicate ID, bad shape)."""


@dataclass(frozen=True)
class Seed:
    """Definitions, groups and contacts a sandbox starts from. Each item is a JSON object."""

    properties: tuple[JsonObject, ...]
    groups: tuple[JsonObject, ...]
    contacts: tuple[JsonObject, ...]

    @classmethod
    def from_json(
        cls,
        properties: Iterable[Mapping[str, Any]],
        groups: Iterable[Mapping[str, Any]],
        contacts: Iterable[Mapping[str, Any]],
    ) -> Seed:
        """Build a seed from plain JSON objects (deep-copied), and check it."""
        seed = cls(
            properties=tuple(_copy_object(p) for p in properties),
            groups=tuple(_copy_object(g) for g in groups),
            contacts=tuple(_copy_object(c) for c in contacts),
        )
        seed.check()
        return seed

    @classmethod
    def from_dir(cls, folder: Path, property_files: Sequence[str] = DEMO_PROPERTY_FILES) -> Seed:
        """Load a seed folder laid out like resources/sandbox/."""
        properties = _merge_definitions(_read_results(folder / name) for name in property_files)
        return cls.from_json(
            properties,
            _read_results(folder / GROUPS_FILE),
            _read_results(folder / CONTACTS_FILE),
        )

    @classmethod
    def demo(cls) -> Seed:
        """The demo seed shipped in resources/sandbox/."""
        return cls.from_dir(resource_path("sandbox"))

    def check(self) -> None:
        """Raise SeedError unless every definition's group exists, every contact value names a
        defined property, and IDs and names are unique."""
        group_names = _unique_names(self.groups, "name", "group")
        property_names = _unique_names(self.properties, "name", "property")
        for definition in self.properties:
            if definition.get("groupName") not in group_names:
                raise SeedError(f"property {definition['name']!r} is in an unknown group")
        _unique_names(self.contacts, "id", "contact")
        for contact in self.contacts:
            _check_contact(contact, property_names)


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
