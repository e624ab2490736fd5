"""The sandbox's state: definitions, groups, owners and contacts in SQLite, with HubSpot's write rules.

All methods are thread-safe (the database has one lock). Values are stored as strings; a missing
row means "no value" and reads back as JSON null. `hs_object_id`, `createdate` and
`lastmodifieddate` are computed from the contact row. A PATCH is validated completely before
anything is written, and written in one transaction (all or nothing).

In memory by default; `ContactStore(seed, data_path=PATH)` keeps the data in a file, seeded only when
the file is new (so demo edits survive a restart). See `storage_sqlite` for the tables.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contact_editor.sandbox import behaviour as hb
from contact_editor.sandbox.rules import (
    Definition,
    Problem,
    check_write,
    format_ms,
    numeric_value,
    owner_problem,
)
from contact_editor.sandbox.search import SearchPlan, plan_search
from contact_editor.sandbox.seed import ContactRow, JsonObject, Seed
from contact_editor.sandbox.storage_sqlite import Connection, Database

_LOAD_CHUNK = 20_000


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


@dataclass(frozen=True)
class _Contact:
    id: int
    created_ms: int
    updated_ms: int
    imported_ms: int
    archived_ms: int | None


@dataclass(frozen=True)
class ReadOptions:
    """What to return for each contact: `names` (None = the default six) and `with_history`."""

    names: Sequence[str] | None = None
    with_history: Sequence[str] = ()


class ContactStore:
    """Contacts plus the property schema they are checked against."""

    def __init__(self, seed: Seed, data_path: str | os.PathLike[str] | None = None) -> None:
        self._db = Database(data_path)
        if self._db.is_new:
            self._db.create_schema()
            _load_seed(self._db, seed)
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
            total, ids = _run_search(con, plan)
            results = self._objects(con, ids, ReadOptions(plan.properties))
        answer: JsonObject = {"total": total, "results": results}
        next_offset = plan.offset + len(ids)
        if ids and next_offset < total:
            answer["paging"] = {"next": {"after": str(next_offset)}}
        return answer

    def values(self, contact_id: str) -> dict[str, str | None]:
        """Every defined property of the contact, None where it has no value (archived or not)."""
        with self._db.read() as con:
            contact = self._contact(con, _parse_id(contact_id))
            if contact is None:
                raise ContactNotFound(contact_id)
            stored = _stored_values(con, [contact.id], self._names).get(contact.id, {})
            return {name: _value_of(contact, stored, name) for name in self._rules}

    # --- writes -------------------------------------------------------------------------------

    def patch(
        self, contact_id: str, properties: Mapping[str, object], *, id_property: str | None = None
    ) -> JsonObject:
        """Apply a PATCH body's `properties` map atomically and return the echo object.

        Raises ContactNotFound, BadIdProperty, InvalidProperties (nothing written) or EmailConflict.
        """
        with self._db.write() as con:
            found = self._find(con, contact_id, id_property, archived=False)
            contact = self._contact(con, found) if found is not None else None
            if contact is None:
                raise ContactNotFound(contact_id)
            writes = self._validate(properties)
            self._check_email(con, contact.id, writes.get("email"))
            if writes:
                when = _touch(con, contact)
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
            contact = self._contact(con, _parse_id(contact_id))
            if contact is None:
                raise ContactNotFound(contact_id)
            source = (hb.CRM_UI_SOURCE_TYPE, f"userId:{user_id}", user_id)
            self._write(con, contact, {name: value or ""}, _touch(con, contact), source)

    def archive(self, contact_id: str) -> None:
        """Archive (HubSpot's delete). Archiving an archived contact changes nothing."""
        with self._db.write() as con:
            contact = self._contact(con, _parse_id(contact_id))
            if contact is None:
                raise ContactNotFound(contact_id)
            if contact.archived_ms is None:
                when = max(_now_ms(), contact.updated_ms + 1)
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

    def _contact(self, con: Connection, contact_id: int | None) -> _Contact | None:
        if contact_id is None:
            return None
        row = con.execute(
            "SELECT id, created_ms, updated_ms, imported_ms, archived_ms FROM contacts WHERE id = ?",
            (contact_id,),
        ).fetchone()
        return _Contact(*row) if row is not None else None

    def _objects(self, con: Connection, ids: Sequence[int], options: ReadOptions) -> list[JsonObject]:
        """API objects for these contact IDs (which exist), in the same order."""
        if not ids:
            return []
        contacts = _contacts(con, ids)
        stored = _stored_values(con, ids, self._names)
        wanted = [n for n in _dedupe(options.names or hb.DEFAULT_PROPERTIES) if n in self._rules]
        history_names = [n for n in _dedupe(options.with_history) if n in self._rules]
        history = _history(con, ids, set(history_names)) if history_names else {}
        results: list[JsonObject] = []
        for contact_id in ids:
            contact = contacts[contact_id]
            values = stored.get(contact_id, {})
            result = _api_object(contact, {n: _value_of(contact, values, n) for n in wanted})
            if history_names:
                rows = history.get(contact_id, {})
                result["propertiesWithHistory"] = {
                    n: _history_json(contact, values, rows.get(n, []), n) for n in history_names
                }
            results.append(result)
        return results

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
        self,
        con: Connection,
        contact: _Contact,
        writes: Mapping[str, str],
        when: int,
        source: tuple[str, str | None, int | None],
    ) -> None:
        """Store the values and one history entry each. A value that came with the seed and has no
        history yet gets its seed entry first, so the history stays complete."""
        names = list(writes)
        marks = ",".join("?" * len(names))
        current = {
            self._names[pid]: value
            for pid, value in con.execute(
                f"SELECT pid, value FROM property_values WHERE contact_id = ? AND pid IN ({marks})",
                (contact.id, *(self._pids[n] for n in names)),
            )
        }
        with_history = {
            row[0]
            for row in con.execute(
                f"SELECT DISTINCT name FROM history WHERE contact_id = ? AND name IN ({marks})",
                (contact.id, *names),
            )
        }
        source_type, source_id, user_id = source
        for name, value in writes.items():
            if name in current and name not in with_history:
                con.execute(
                    "INSERT INTO history (contact_id, name, value, timestamp_ms, source_type) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (contact.id, name, current[name], contact.imported_ms, hb.SEED_SOURCE_TYPE),
                )
            con.execute(
                "INSERT INTO history (contact_id, name, value, timestamp_ms, source_type, source_id, "
                "user_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (contact.id, name, value, when, source_type, source_id, user_id),
            )
            if value:
                con.execute(
                    "INSERT OR REPLACE INTO property_values (contact_id, pid, value, num) "
                    "VALUES (?, ?, ?, ?)",
                    (contact.id, self._pids[name], value, numeric_value(self._rules[name].type, value)),
                )
            else:
                con.execute(
                    "DELETE FROM property_values WHERE contact_id = ? AND pid = ?",
                    (contact.id, self._pids[name]),
                )


# --- loading a seed ---------------------------------------------------------------------------------


def _load_seed(db: Database, seed: Seed) -> None:
    """Write definitions, groups, owners and contacts in one transaction, with executemany."""
    kinds = {str(p["name"]): str(p.get("type", "string")) for p in seed.properties}
    pids = {str(p["name"]): i for i, p in enumerate(seed.properties)}
    now = _now_ms()
    with db.write() as con:
        con.executemany(
            "INSERT INTO property_groups (name, position, body) VALUES (?, ?, ?)",
            [(str(g["name"]), i, _dumps(g)) for i, g in enumerate(seed.groups)],
        )
        con.executemany(
            "INSERT INTO properties (pid, name, type, field_type, body) VALUES (?, ?, ?, ?, ?)",
            [
                (
                    pids[str(p["name"])],
                    str(p["name"]),
                    kinds[str(p["name"])],
                    str(p.get("fieldType", "text")),
                    _dumps(p),
                )
                for p in seed.properties
            ],
        )
        con.executemany(
            "INSERT INTO owners (id, user_id, email, archived, position, body) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (
                    int(o["id"]),
                    o.get("userId"),
                    o.get("email"),
                    1 if o.get("archived") is True else 0,
                    i,
                    _dumps(o),
                )
                for i, o in enumerate(seed.owners)
            ],
        )
        rows = seed.contact_rows(now)
        while True:
            chunk = sorted(_take(rows, _LOAD_CHUNK), key=_contact_key)
            if not chunk:
                break
            con.executemany(
                "INSERT INTO contacts (id, created_ms, updated_ms, imported_ms) VALUES (?, ?, ?, ?)",
                [(c.id, c.created_ms, c.updated_ms, c.updated_ms) for c in chunk],
            )
            con.executemany(
                "INSERT INTO property_values (contact_id, pid, value, num) VALUES (?, ?, ?, ?)",
                _value_rows(chunk, kinds, pids),
            )
        con.execute("INSERT INTO meta (key, value) VALUES ('seeded_at', ?)", (format_ms(now),))


def _value_rows(
    chunk: Sequence[ContactRow], kinds: Mapping[str, str], pids: Mapping[str, int]
) -> list[tuple[int, int, str, float | None]]:
    """property_values rows, in key order (appending to the table's B-tree is the fast case)."""
    meta = {
        name: (pid, kinds[name] if kinds[name] in ("number", "date", "datetime") else None)
        for name, pid in pids.items()
        if name not in hb.COMPUTED_PROPERTIES
    }
    rows: list[tuple[int, int, str, float | None]] = []
    for contact in chunk:
        contact_id = contact.id
        start = len(rows)
        for name, value in contact.values.items():
            found = meta.get(name)
            if not value or found is None:
                continue
            pid, kind = found
            rows.append((contact_id, pid, value, numeric_value(kind, value) if kind else None))
        if len(rows) - start > 1:
            rows[start:] = sorted(rows[start:], key=_pid_key)
    return rows


def _pid_key(row: tuple[int, int, str, float | None]) -> int:
    return row[1]


def _contact_key(row: ContactRow) -> int:
    return row.id


def _take(rows: Iterator[ContactRow], count: int) -> Iterator[ContactRow]:
    for _ in range(count):
        row = next(rows, None)
        if row is None:
            return
        yield row


# --- search -----------------------------------------------------------------------------------------


def _run_search(con: Connection, plan: SearchPlan) -> tuple[int, list[int]]:
    """(total, IDs of the page). One pass counts and pages (a window count); only a page past the
    end needs a separate count."""
    where = f"c.archived_ms IS NULL AND ({plan.where_sql})"
    if plan.limit > 0:
        sql = (
            f"SELECT c.id, count(*) OVER () FROM contacts c {plan.join_sql} WHERE {where} "
            f"ORDER BY {plan.order_sql} LIMIT ? OFFSET ?"
        )
        rows = con.execute(sql, [*plan.join_params, *plan.where_params, plan.limit, plan.offset]).fetchall()
        if rows:
            return int(rows[0][1]), [int(row[0]) for row in rows]
    count = con.execute(f"SELECT count(*) FROM contacts c WHERE {where}", plan.where_params).fetchone()
    return int(count[0]), []


# --- row helpers ------------------------------------------------------------------------------------


def _contacts(con: Connection, ids: Sequence[int]) -> dict[int, _Contact]:
    found: dict[int, _Contact] = {}
    for chunk in _chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        for row in con.execute(
            "SELECT id, created_ms, updated_ms, imported_ms, archived_ms FROM contacts "
            f"WHERE id IN ({marks})",
            tuple(chunk),
        ):
            found[int(row[0])] = _Contact(*row)
    return found


def _stored_values(
    con: Connection, ids: Sequence[int], names: Mapping[int, str]
) -> dict[int, dict[str, str]]:
    values: dict[int, dict[str, str]] = {}
    for chunk in _chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        for contact_id, pid, value in con.execute(
            f"SELECT contact_id, pid, value FROM property_values WHERE contact_id IN ({marks})", tuple(chunk)
        ):
            values.setdefault(int(contact_id), {})[names[pid]] = value
    return values


_HistoryRow = tuple[str, int, str, str | None, int | None]


def _history(con: Connection, ids: Sequence[int], names: set[str]) -> dict[int, dict[str, list[_HistoryRow]]]:
    """History rows per contact and property, newest first."""
    found: dict[int, dict[str, list[_HistoryRow]]] = {}
    for chunk in _chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        for contact_id, name, value, ts, source_type, source_id, user_id in con.execute(
            "SELECT contact_id, name, value, timestamp_ms, source_type, source_id, user_id FROM history "
            f"WHERE contact_id IN ({marks}) ORDER BY seq DESC",
            tuple(chunk),
        ):
            if name in names:
                found.setdefault(int(contact_id), {}).setdefault(name, []).append(
                    (value, ts, source_type, source_id, user_id)
                )
    return found


def _value_of(contact: _Contact, stored: Mapping[str, str], name: str) -> str | None:
    if name == "hs_object_id":
        return str(contact.id)
    if name == "createdate":
        return format_ms(contact.created_ms)
    if name == "lastmodifieddate":
        return format_ms(contact.updated_ms)
    return stored.get(name)


def _api_object(contact: _Contact, properties: dict[str, str | None]) -> JsonObject:
    result: JsonObject = {
        "id": str(contact.id),
        "properties": properties,
        "createdAt": format_ms(contact.created_ms),
        "updatedAt": format_ms(contact.updated_ms),
        "archived": contact.archived_ms is not None,
    }
    if contact.archived_ms is not None:
        result["archivedAt"] = format_ms(contact.archived_ms)
    result["url"] = f"https://{hb.UI_DOMAIN}/contacts/{hb.PORTAL_ID}/record/0-1/{contact.id}"
    return result


def _history_json(
    contact: _Contact, stored: Mapping[str, str], rows: Sequence[_HistoryRow], name: str
) -> list[JsonObject]:
    if name in hb.COMPUTED_PROPERTIES:
        value = _value_of(contact, stored, name) or ""
        when = contact.created_ms if name == "createdate" else contact.updated_ms
        return [_entry(value, when, hb.CALCULATED_SOURCE_TYPE, None, None)]
    if not rows and name in stored:
        return [_entry(stored[name], contact.imported_ms, hb.SEED_SOURCE_TYPE, None, None)]
    return [_entry(*row) for row in rows]


def _entry(value: str, when: int, source_type: str, source_id: str | None, user_id: int | None) -> JsonObject:
    entry: JsonObject = {"value": value, "timestamp": format_ms(when), "sourceType": source_type}
    if source_id is not None:
        entry["sourceId"] = source_id
    if user_id is not None:
        entry["updatedByUserId"] = user_id
    return entry


def _touch(con: Connection, contact: _Contact) -> int:
    """Move updatedAt to now, strictly later than before (so every write is visible)."""
    when = max(_now_ms(), contact.updated_ms + 1)
    con.execute("UPDATE contacts SET updated_ms = ? WHERE id = ?", (when, contact.id))
    return when


def _parse_id(value: str) -> int | None:
    """A contact ID as HubSpot writes it (a positive integer without leading zeros), else None."""
    if not value.isascii() or not value.isdigit() or value.startswith("0") or len(value) > 18:
        return None
    return int(value)


def _first_int(row: Any) -> int | None:
    return int(row[0]) if row is not None else None


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _dedupe(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _dumps(value: Mapping[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _now_ms() -> int:
    return int(time.time() * 1000)
