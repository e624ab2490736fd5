"""The sandbox's state: definitions, groups, owners and contacts in SQLite, with HubSpot's write rules.

All methods are thread-safe (the database has one lock). Values are stored as strings; a missing
row means "no value" and reads back as JSON null. `hs_object_id`, `createdate` and
`lastmodifieddate` are computed from the contact row. A PATCH is validated completely before
anything is written, and written in one transaction (all or nothing).

In memory by default; `ContactStore(seed, data_path=PATH)` keeps the data in a file, seeded only when
the file is new (so demo edits survive a restart). See `storage_sqlite` for the tables,
`store_reads` for reading and shaping API objects, `store_writes` for recording a write (values and
history) and `store_seed` for loading a seed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from contact_editor.sandbox import behaviour as hb
from contact_editor.sandbox.rules import Definition, Problem, check_write, numeric_value, owner_problem
from contact_editor.sandbox.search import plan_search
from contact_editor.sandbox.seed import JsonObject, Seed
from contact_editor.sandbox.storage_sqlite import Connection, Database
from contact_editor.sandbox.store_reads import (
    ContactRecord,
    ReadOptions,
    api_objects,
    contact_record,
    run_search,
    stored_values,
    value_of,
)
from contact_editor.sandbox.store_seed import load_seed
from contact_editor.sandbox.store_writes import Source, now_ms, touch, write_values

__all__ = [
    "BadIdProperty",
    "ContactNotFound",
    "ContactStore",
    "EmailConflict",
    "InvalidProperties",
    "ReadOptions",
]


class ContactNotFound(LookupError):
    """No (non-archived, or archived when asked) contact has this ID."""


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


class BadIdProperty(ValueError):
    """`idProperty` names a property that cannot identify a contact."""

    def __init__(self, name: str) -> None:
        super().__init__(hb.ID_PROPERTY_MESSAGE.format(name=name))
        self.name = name


class ContactStore:
    """Contacts plus the property schema they are checked against."""

    def __init__(self, seed: Seed, data_path: str | os.PathLike[str] | None = None) -> None:
        self._db = Database(data_path)
        if self._db.is_new:
            self._db.create_schema()
            load_seed(self._db, seed)
            self._db.create_indexes()
        self._bodies: dict[str, str] = {}
        self._archived_names: set[str] = set()
        self._sensitivity: dict[str, str] = {}
        self._rules: dict[str, Definition] = {}
        self._pids: dict[str, int] = {}
        with self._db.read() as con:
            for pid, name, body in con.execute("SELECT pid, name, body FROM properties ORDER BY pid"):
                data = json.loads(body)
                self._pids[name] = int(pid)
                self._bodies[name] = body
                self._rules[name] = Definition.from_json(data)
                self._sensitivity[name] = str(data.get("dataSensitivity") or "non_sensitive")
                if data.get("archived") is True:
                    self._archived_names.add(name)
            self._group_bodies = {
                name: body
                for name, body in con.execute("SELECT name, body FROM property_groups ORDER BY position")
            }
            self._owner_ids = {str(row[0]) for row in con.execute("SELECT id FROM owners")}
        self._names = {pid: name for name, pid in self._pids.items()}

    @property
    def data_path(self) -> Path | None:
        return self._db.path

    def close(self) -> None:
        self._db.close()

    # --- schema -------------------------------------------------------------------------------

    @property
    def rules(self) -> Mapping[str, Definition]:
        return self._rules

    def definitions(
        self, sensitivities: Iterable[str] = ("non_sensitive",), *, archived: bool = False
    ) -> list[JsonObject]:
        """Definitions with one of the given data sensitivities (missing = non_sensitive): the live
        ones, or with `archived` only the archived ones."""
        wanted = set(sensitivities)
        return [
            json.loads(body)
            for name, body in self._bodies.items()
            if self._sensitivity[name] in wanted and (name in self._archived_names) == archived
        ]

    def definition(self, name: str, *, archived: bool = False) -> JsonObject | None:
        """One definition; an archived one only with `archived` (HubSpot answers 404 otherwise)."""
        body = self._bodies.get(name)
        if body is None or (name in self._archived_names and not archived):
            return None
        result: JsonObject = json.loads(body)
        return result

    def groups(self) -> list[JsonObject]:
        return [json.loads(body) for body in self._group_bodies.values()]

    def group(self, name: str) -> JsonObject | None:
        body = self._group_bodies.get(name)
        return json.loads(body) if body is not None else None

    # --- owners -------------------------------------------------------------------------------

    def owners_page(
        self, limit: int, after: int, email: str | None = None, archived: bool = False
    ) -> tuple[list[JsonObject], int | None]:
        """Owners from position `after` on; returns the page and the next position (or None)."""
        sql = "SELECT position, body FROM owners WHERE archived = ?"
        params: list[object] = [1 if archived else 0]
        if email:
            sql += " AND email = ? COLLATE NOCASE"
            params.append(email)
        sql += " AND position >= ? ORDER BY position LIMIT ?"
        params += [after, limit + 1]
        with self._db.read() as con:
            rows = con.execute(sql, params).fetchall()
        page = [json.loads(body) for _, body in rows[:limit]]
        return page, (int(rows[limit][0]) if len(rows) > limit else None)

    def owner(self, key: str, by_user_id: bool = False, archived: bool = False) -> JsonObject | None:
        column = "user_id" if by_user_id else "id"
        if not key.isdigit():
            return None
        with self._db.read() as con:
            row = con.execute(
                f"SELECT body FROM owners WHERE {column} = ? AND archived = ?",
                (int(key), 1 if archived else 0),
            ).fetchone()
        return json.loads(row[0]) if row is not None else None

    # --- reads --------------------------------------------------------------------------------

    def contact_ids(self) -> list[str]:
        with self._db.read() as con:
            return [str(row[0]) for row in con.execute("SELECT id FROM contacts ORDER BY id")]

    def find(self, key: str, id_property: str | None = None, *, archived: bool = False) -> int | None:
        """The ID of the contact whose `id_property` (default: its ID) is `key`; None if none.
        Raises BadIdProperty when `id_property` cannot identify a contact."""
        with self._db.read() as con:
            return self._find(con, key, id_property, archived)

    def read(
        self,
        contact_id: str,
        names: Sequence[str] | None = None,
        with_history: Sequence[str] = (),
        *,
        id_property: str | None = None,
        archived: bool = False,
    ) -> JsonObject:
        """The contact as HubSpot's API object. Unknown names are ignored; no value gives null.
        Raises ContactNotFound or BadIdProperty."""
        with self._db.read() as con:
            found = self._find(con, contact_id, id_property, archived)
            if found is None:
                raise ContactNotFound(contact_id)
            return self._objects(con, [found], ReadOptions(names, with_history))[0]

    def read_many(
        self,
        keys: Sequence[str],
        options: ReadOptions,
        *,
        id_property: str | None = None,
        archived: bool = False,
    ) -> tuple[list[JsonObject], list[str]]:
        """Batch read: the objects found (in input order) and the keys that found nothing."""
        with self._db.read() as con:
            found: list[int] = []
            missing: list[str] = []
            for key in keys:
                contact_id = self._find(con, key, id_property, archived)
                if contact_id is None:
                    missing.append(key)
                else:
                    found.append(contact_id)
            return self._objects(con, found, options), missing

    def list_page(
        self, limit: int, after: int | None, options: ReadOptions, *, archived: bool = False
    ) -> tuple[list[JsonObject], int | None]:
        """Contacts in ID order from ID `after` on; returns the page and the next page's first ID."""
        archived_sql = "archived_ms IS NOT NULL" if archived else "archived_ms IS NULL"
        with self._db.read() as con:
            ids = [
                int(row[0])
                for row in con.execute(
                    f"SELECT id FROM contacts WHERE {archived_sql} AND id >= ? ORDER BY id LIMIT ?",
                    (after or 0, limit + 1),
                )
            ]
            next_after = ids[limit] if len(ids) > limit else None
            return self._objects(con, ids[:limit], options), next_after

    def search(self, body: Any) -> JsonObject:
        """Run a search request body; raises search.SearchError (400) when it is not acceptable."""
        plan = plan_search(body, self._rules, self._pids)
        with self._db.read() as con:
            total, ids = run_search(con, plan)
            results = self._objects(con, ids, ReadOptions(plan.properties))
        answer: JsonObject = {"total": total, "results": results}
        next_offset = plan.offset + len(ids)
        if ids and next_offset < total:
            answer["paging"] = {"next": {"after": str(next_offset)}}
        return answer

    def values(self, contact_id: str) -> dict[str, str | None]:
        """Every defined property of the contact, None where it has no value (archived or not)."""
        with self._db.read() as con:
            contact = contact_record(con, _parse_id(contact_id))
            if contact is None:
                raise ContactNotFound(contact_id)
            stored = stored_values(con, [contact.id], self._names).get(contact.id, {})
            return {name: value_of(contact, stored, name) for name in self._rules}

    # --- writes -------------------------------------------------------------------------------

    def patch(
        self, contact_id: str, properties: Mapping[str, object], *, id_property: str | None = None
    ) -> JsonObject:
        """Apply a PATCH body's `properties` map atomically and return the echo object.

        Raises ContactNotFound, BadIdProperty, InvalidProperties (nothing written) or EmailConflict.
        """
        with self._db.write() as con:
            found = self._find(con, contact_id, id_property, archived=False)
            contact = contact_record(con, found) if found is not None else None
            if contact is None:
                raise ContactNotFound(contact_id)
            writes = self._validate(properties)
            self._check_email(con, contact.id, writes.get("email"))
            if writes:
                when = touch(con, contact)
                source = (hb.PATCH_SOURCE_TYPE, str(hb.SANDBOX_APP_ID), None)
                self._write(con, contact, writes, when, source)
            echo_names = [*writes, *(n for n in hb.PATCH_ECHO_EXTRA if n not in writes)]
            return self._objects(con, [contact.id], ReadOptions(echo_names))[0]

    def set_value(
        self, contact_id: str, name: str, value: str | None, *, user_id: int = hb.CRM_UI_USER_ID
    ) -> None:
        """Write one value as a user in HubSpot's UI would (no validation); "" or None clears it."""
        if name not in self._rules:
            raise KeyError(f"no property {name!r}")
        if name in hb.COMPUTED_PROPERTIES:
            raise ValueError(f"{name!r} is computed by the sandbox and cannot be set")
        with self._db.write() as con:
            contact = contact_record(con, _parse_id(contact_id))
            if contact is None:
                raise ContactNotFound(contact_id)
            source = (hb.CRM_UI_SOURCE_TYPE, f"userId:{user_id}", user_id)
            self._write(con, contact, {name: value or ""}, touch(con, contact), source)

    def archive(self, contact_id: str) -> None:
        """Archive (HubSpot's delete). Archiving an archived contact changes nothing."""
        with self._db.write() as con:
            contact = contact_record(con, _parse_id(contact_id))
            if contact is None:
                raise ContactNotFound(contact_id)
            if contact.archived_ms is None:
                when = max(now_ms(), contact.updated_ms + 1)
                con.execute(
                    "UPDATE contacts SET archived_ms = ?, updated_ms = ? WHERE id = ?",
                    (when, when, contact.id),
                )

    # --- helpers ------------------------------------------------------------------------------

    def _find(self, con: Connection, key: str, id_property: str | None, archived: bool) -> int | None:
        archived_sql = "c.archived_ms IS NOT NULL" if archived else "c.archived_ms IS NULL"
        if id_property in (None, "", "hs_object_id"):
            contact_id = _parse_id(key)
            if contact_id is None:
                return None
            row = con.execute(f"SELECT c.id FROM contacts c WHERE c.id = ? AND {archived_sql}", (contact_id,))
            return _first_int(row.fetchone())
        assert id_property is not None
        definition = self._rules.get(id_property)
        if definition is None or not (id_property == "email" or definition.unique):
            raise BadIdProperty(id_property)
        wanted: object
        if definition.is_numeric:
            match, wanted = "v.num = ?", numeric_value(definition.type, key)
        else:
            match, wanted = "v.value = ? COLLATE NOCASE", key
        row = con.execute(
            "SELECT c.id FROM property_values v JOIN contacts c ON c.id = v.contact_id "
            f"WHERE v.pid = ? AND {match} AND {archived_sql} ORDER BY c.id LIMIT 1",
            (self._pids[id_property], wanted),
        )
        return _first_int(row.fetchone())

    def _objects(self, con: Connection, ids: Sequence[int], options: ReadOptions) -> list[JsonObject]:
        return api_objects(con, ids, options, self._names, self._rules)

    def _validate(self, properties: Mapping[str, object]) -> dict[str, str]:
        writes: dict[str, str] = {}
        problems: list[Problem] = []
        for name, value in properties.items():
            definition = self._rules.get(name)
            outcome = check_write(definition, name, value)
            if (
                isinstance(outcome, str)
                and outcome
                and definition is not None
                and definition.referenced_object_type == "OWNER"
                and outcome not in self._owner_ids
            ):
                outcome = owner_problem(name, outcome)
            if isinstance(outcome, Problem):
                problems.append(outcome)
            elif outcome is not None:
                writes[name] = outcome
        if problems:
            raise InvalidProperties(problems)
        return writes

    def _check_email(self, con: Connection, contact_id: int, email: str | None) -> None:
        if not email:
            return
        row = con.execute(
            "SELECT c.id FROM property_values v JOIN contacts c ON c.id = v.contact_id "
            "WHERE v.pid = ? AND v.value = ? COLLATE NOCASE AND c.id != ? "
            "AND c.archived_ms IS NULL "
            "ORDER BY c.id LIMIT 1",
            (self._pids["email"], email, contact_id),
        ).fetchone()
        if row is not None:
            raise EmailConflict(str(row[0]))

    def _write(
        self, con: Connection, contact: ContactRecord, writes: Mapping[str, str], when: int, source: Source
    ) -> None:
        write_values(
            con, contact, writes, when, source, pids=self._pids, pid_names=self._names, rules=self._rules
        )


def _parse_id(value: str) -> int | None:
    """A contact ID as HubSpot writes it (a positive integer without leading zeros), else None."""
    if not value.isascii() or not value.isdigit() or value.startswith("0") or len(value) > 18:
        return None
    return int(value)


def _first_int(row: Any) -> int | None:
    return int(row[0]) if row is not None else None
