"""The sandbox's state: definitions, groups and contacts, with HubSpot's write rules applied.

All methods are thread-safe (one lock). Values are stored as strings; a missing key means "no
value" and reads back as JSON null. `hs_object_id`, `createdate` and `lastmodifieddate` are computed
from the record. A PATCH is validated completely before anything is written (all or nothing).
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from contact_editor.sandbox import behaviour as hb
from contact_editor.sandbox.rules import Definition, Problem, check_write, format_ms, parse_timestamp
from contact_editor.sandbox.seed import JsonObject, Seed


class ContactNotFound(LookupError):
    """No contact has this ID."""


class InvalidProperties(ValueError):
    """A write was refused; nothing was changed."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(f"{len(problems)} invalid properties")
        self.problems = tuple(problems)


class EmailConflict(ValueError):
    """The new email belongs to another contact (409; unverified for PATCH, see behaviour)."""

    def __init__(self, existing_id: str) -> None:
        super().__init__(f"email already used by contact {existing_id}")
        self.existing_id = existing_id


@dataclass(frozen=True)
class HistoryEntry:
    """One past value of a property, for `propertiesWithHistory`."""

    value: str
    timestamp_ms: int
    source_type: str

    def to_json(self) -> JsonObject:
        timestamp = format_ms(self.timestamp_ms)
        return {"value": self.value, "timestamp": timestamp, "sourceType": self.source_type}


@dataclass
class _Record:
    id: str
    created_ms: int
    updated_ms: int
    values: dict[str, str] = field(default_factory=dict)
    history: dict[str, list[HistoryEntry]] = field(default_factory=dict)

    def value(self, name: str) -> str | None:
        if name == "hs_object_id":
            return self.id
        if name == "createdate":
            return format_ms(self.created_ms)
        if name == "lastmodifieddate":
            return format_ms(self.updated_ms)
        return self.values.get(name)

    def touch(self) -> int:
        """Move updatedAt to now, strictly later than before (so every write is visible)."""
        self.updated_ms = max(int(time.time() * 1000), self.updated_ms + 1)
        return self.updated_ms

    def write(self, name: str, value: str, when_ms: int, source_type: str) -> None:
        if value:
            self.values[name] = value
        else:
            self.values.pop(name, None)
        self.history.setdefault(name, []).insert(0, HistoryEntry(value, when_ms, source_type))


class ContactStore:
    """Contacts plus the property schema they are checked against."""

    def __init__(self, seed: Seed) -> None:
        self._lock = threading.Lock()
        self._definitions = {str(p["name"]): copy.deepcopy(p) for p in seed.properties}
        self._rules = {name: Definition.from_json(p) for name, p in self._definitions.items()}
        self._groups = [copy.deepcopy(g) for g in seed.groups]
        self._records = {str(c["id"]): _record_from_seed(c) for c in seed.contacts}

    # --- schema -------------------------------------------------------------------------------

    def definitions(self, sensitivities: Iterable[str] = ("non_sensitive",)) -> list[JsonObject]:
        """Non-archived definitions with one of the given data sensitivities (missing = non_sensitive)."""
        wanted = set(sensitivities)
        return [
            copy.deepcopy(d)
            for d in self._definitions.values()
            if d.get("dataSensitivity", "non_sensitive") in wanted and d.get("archived") is not True
        ]

    def definition(self, name: str) -> JsonObject | None:
        found = self._definitions.get(name)
        return copy.deepcopy(found) if found is not None else None

    def groups(self) -> list[JsonObject]:
        return [copy.deepcopy(g) for g in self._groups]

    # --- reads --------------------------------------------------------------------------------

    def contact_ids(self) -> list[str]:
        with self._lock:
            return list(self._records)

    def read(
        self, contact_id: str, names: Sequence[str] | None = None, with_history: Sequence[str] = ()
    ) -> JsonObject:
        """The contact as HubSpot's API object. Unknown names are ignored; no value gives null."""
        with self._lock:
            record = self._get(contact_id)
            wanted = hb.DEFAULT_PROPERTIES if names is None else names
            properties = {n: record.value(n) for n in _dedupe(wanted) if n in self._definitions}
            result = _api_object(record, properties)
            history = [n for n in _dedupe(with_history) if n in self._definitions]
            if history:
                result["propertiesWithHistory"] = {n: _history_json(record, n) for n in history}
            return result

    def values(self, contact_id: str) -> dict[str, str | None]:
        """Every defined property of the contact, None where it has no value."""
        with self._lock:
            record = self._get(contact_id)
            return {name: record.value(name) for name in self._definitions}

    # --- writes -------------------------------------------------------------------------------

    def patch(self, contact_id: str, properties: Mapping[str, object]) -> JsonObject:
        """Apply a PATCH body's `properties` map atomically and return the echo object.

        Raises ContactNotFound, InvalidProperties (nothing written) or EmailConflict.
        """
        with self._lock:
            record = self._get(contact_id)
            writes = self._validate(properties)
            self._check_email(contact_id, writes.get("email"))
            if writes:
                when = record.touch()
                for name, value in writes.items():
                    record.write(name, value, when, "INTEGRATION")
            echo_names = [*writes, *(n for n in hb.PATCH_ECHO_EXTRA if n not in writes)]
            return _api_object(record, {n: record.value(n) for n in echo_names})

    def set_value(self, contact_id: str, name: str, value: str | None) -> None:
        """Write one value as another client would (no validation); "" or None clears it."""
        with self._lock:
            record = self._get(contact_id)
            if name not in self._definitions:
                raise KeyError(f"no property {name!r}")
            if name in hb.COMPUTED_PROPERTIES:
                raise ValueError(f"{name!r} is computed by the sandbox and cannot be set")
            record.write(name, value or "", record.touch(), "CRM_UI")

    # --- helpers ------------------------------------------------------------------------------

    def _get(self, contact_id: str) -> _Record:
        record = self._records.get(contact_id)
        if record is None:
            raise ContactNotFound(contact_id)
        return record

    def _validate(self, properties: Mapping[str, object]) -> dict[str, str]:
        writes: dict[str, str] = {}
        problems: list[Problem] = []
        for name, value in properties.items():
            outcome = check_write(self._rules.get(name), name, value)
            if isinstance(outcome, Problem):
                problems.append(outcome)
            elif outcome is not None:
                writes[name] = outcome
        if problems:
            raise InvalidProperties(problems)
        return writes

    def _check_email(self, contact_id: str, email: str | None) -> None:
        if not email:
            return
        for other in self._records.values():
            stored = other.values.get("email")
            if other.id != contact_id and stored and stored.casefold() == email.casefold():
                raise EmailConflict(other.id)


def _record_from_seed(contact: Mapping[str, Any]) -> _Record:
    now = int(time.time() * 1000)
    created = contact.get("createdAt")
    updated = contact.get("updatedAt")
    created_ms = parse_timestamp(created) if isinstance(created, str) else now
    updated_ms = parse_timestamp(updated) if isinstance(updated, str) else created_ms
    record = _Record(id=str(contact["id"]), created_ms=created_ms, updated_ms=updated_ms)
    for name, value in dict(contact.get("properties") or {}).items():
        if value and name not in hb.COMPUTED_PROPERTIES:
            record.write(str(name), str(value), updated_ms, "IMPORT")
    return record


def _api_object(record: _Record, properties: dict[str, str | None]) -> JsonObject:
    return {
        "id": record.id,
        "properties": properties,
        "createdAt": format_ms(record.created_ms),
        "updatedAt": format_ms(record.updated_ms),
        "archived": False,
        "url": f"https://{hb.UI_DOMAIN}/contacts/{hb.PORTAL_ID}/record/0-1/{record.id}",
    }


def _history_json(record: _Record, name: str) -> list[JsonObject]:
    if name in hb.COMPUTED_PROPERTIES:
        value = record.value(name) or ""
        return [HistoryEntry(value, record.updated_ms, "CALCULATED").to_json()]
    return [entry.to_json() for entry in record.history.get(name, [])]


def _dedupe(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))
