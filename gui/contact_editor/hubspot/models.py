"""Typed views of HubSpot's JSON: property definitions, property groups and contacts.

Every field HubSpot may leave out is optional here; `from_json` never raises on a missing key
except for the few that identify the thing (a property's `name`, a contact's `id`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


def _str(data: Mapping[str, Any], key: str, default: str = "") -> str:
    value = data.get(key)
    return value if isinstance(value, str) else default


def _int(data: Mapping[str, Any], key: str, default: int = 0) -> int:
    value = data.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _bool(data: Mapping[str, Any], key: str) -> bool:
    return data.get(key) is True


@dataclass(frozen=True)
class PropertyOption:
    """One choice of an enumeration: show `label`, store `value`."""

    label: str
    value: str
    display_order: int = 0
    hidden: bool = False
    description: str = ""

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PropertyOption:
        value = _str(data, "value")
        return cls(
            label=_str(data, "label", value) or value,
            value=value,
            display_order=_int(data, "displayOrder"),
            hidden=_bool(data, "hidden"),
            description=_str(data, "description"),
        )


def _order_key(display_order: int, label: str) -> tuple[int, int, str]:
    """HubSpot's displayOrder: -1 (or any negative) means 'after the positives'."""
    return (1 if display_order < 0 else 0, display_order, label.casefold())


@dataclass(frozen=True)
class PropertyDefinition:
    """A contact property's definition (`GET /crm/v3/properties/contacts`)."""

    name: str
    label: str
    type: str
    field_type: str
    description: str = ""
    group_name: str = ""
    options: tuple[PropertyOption, ...] = ()
    display_order: int = 0
    read_only_value: bool = False
    hidden: bool = False
    calculated: bool = False
    external_options: bool = False
    referenced_object_type: str | None = None
    has_unique_value: bool = False

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PropertyDefinition:
        name = data["name"]
        if not isinstance(name, str) or not name:
            raise ValueError("property definition without a name")
        meta = data.get("modificationMetadata")
        meta = meta if isinstance(meta, Mapping) else {}
        raw_options = data.get("options")
        options = tuple(
            PropertyOption.from_json(o) for o in (raw_options or []) if isinstance(o, Mapping)
        )
        ref = data.get("referencedObjectType")
        return cls(
            name=name,
            label=_str(data, "label", name) or name,
            type=_str(data, "type", "string"),
            field_type=_str(data, "fieldType", "text"),
            description=_str(data, "description"),
            group_name=_str(data, "groupName"),
            options=tuple(sorted(options, key=lambda o: _order_key(o.display_order, o.label))),
            display_order=_int(data, "displayOrder"),
            read_only_value=_bool(meta, "readOnlyValue"),
            hidden=_bool(data, "hidden"),
            calculated=_bool(data, "calculated"),
            external_options=_bool(data, "externalOptions"),
            referenced_object_type=ref if isinstance(ref, str) else None,
            has_unique_value=_bool(data, "hasUniqueValue"),
        )

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return _order_key(self.display_order, self.label)

    def visible_options(self) -> tuple[PropertyOption, ...]:
        """Options to offer in an editor: hidden ones are not offered (they may still be shown
        when the contact already holds one)."""
        return tuple(o for o in self.options if not o.hidden)

    def option_label(self, value: str) -> str | None:
        for option in self.options:
            if option.value == value:
                return option.label
        return None


@dataclass(frozen=True)
class PropertyGroup:
    """A property group (`GET /crm/v3/properties/contacts/groups`)."""

    name: str
    label: str
    display_order: int = 0
    archived: bool = False

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PropertyGroup:
        name = _str(data, "name")
        return cls(
            name=name,
            label=_str(data, "label", name) or name,
            display_order=_int(data, "displayOrder"),
            archived=_bool(data, "archived"),
        )

    @property
    def sort_key(self) -> tuple[int, int, str]:
        return _order_key(self.display_order, self.label)


@dataclass(frozen=True)
class Contact:
    """A contact as HubSpot returned it. Values are wire strings or None (no value)."""

    id: str
    properties: Mapping[str, str | None] = field(default_factory=dict)
    created_at: str | None = None
    updated_at: str | None = None
    archived: bool = False
    url: str | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Contact:
        raw_id = data.get("id")
        if raw_id is None:
            raise ValueError("contact without an id")
        raw_props = data.get("properties")
        props: dict[str, str | None] = {}
        if isinstance(raw_props, Mapping):
            for key, value in raw_props.items():
                props[str(key)] = None if value is None else str(value)
        created, updated, url = data.get("createdAt"), data.get("updatedAt"), data.get("url")
        return cls(
            id=str(raw_id),
            properties=props,
            created_at=created if isinstance(created, str) else None,
            updated_at=updated if isinstance(updated, str) else None,
            archived=_bool(data, "archived"),
            url=url if isinstance(url, str) else None,
        )
