"""Reading contacts out of the store's tables and shaping them as HubSpot's API objects.

`api_objects` turns contact IDs into the objects the API returns (computed properties included,
history on request); `run_search` executes a `search.SearchPlan`. Everything here only reads, on a
connection the caller holds (see `store.ContactStore` for the locking and `storage_sqlite` for the
tables).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from contact_editor.sandbox import behaviour as hb
from contact_editor.sandbox.rules import Definition, format_ms
from contact_editor.sandbox.search import SearchPlan
from contact_editor.sandbox.seed import JsonObject
from contact_editor.sandbox.storage_sqlite import Connection


@dataclass(frozen=True)
class ContactRecord:
    """One row of the `contacts` table."""

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


_HistoryRow = tuple[str, int, str, str | None, int | None]


def contact_record(con: Connection, contact_id: int | None) -> ContactRecord | None:
    """The contact's row (archived or not); None for no ID or no such contact."""
    if contact_id is None:
        return None
    row = con.execute(
        "SELECT id, created_ms, updated_ms, imported_ms, archived_ms FROM contacts WHERE id = ?",
        (contact_id,),
    ).fetchone()
    return ContactRecord(*row) if row is not None else None


def api_objects(
    con: Connection,
    ids: Sequence[int],
    options: ReadOptions,
    names: Mapping[int, str],
    rules: Mapping[str, Definition],
) -> list[JsonObject]:
    """API objects for these contact IDs (which exist), in the same order. `names` maps property
    IDs (pid) to names; names without a definition in `rules` are ignored."""
    if not ids:
        return []
    contacts = _contacts(con, ids)
    stored = stored_values(con, ids, names)
    wanted = [n for n in _dedupe(options.names or hb.DEFAULT_PROPERTIES) if n in rules]
    history_names = [n for n in _dedupe(options.with_history) if n in rules]
    history = _history(con, ids, set(history_names)) if history_names else {}
    results: list[JsonObject] = []
    for contact_id in ids:
        contact = contacts[contact_id]
        values = stored.get(contact_id, {})
        result = _api_object(contact, {n: value_of(contact, values, n) for n in wanted})
        if history_names:
            rows = history.get(contact_id, {})
            result["propertiesWithHistory"] = {
                n: _history_json(contact, values, rows.get(n, []), n) for n in history_names
            }
        results.append(result)
    return results


def run_search(con: Connection, plan: SearchPlan) -> tuple[int, list[int]]:
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


def stored_values(con: Connection, ids: Sequence[int], names: Mapping[int, str]) -> dict[int, dict[str, str]]:
    """The stored (non-empty) values per contact, by property name."""
    values: dict[int, dict[str, str]] = {}
    for chunk in _chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        for contact_id, pid, value in con.execute(
            f"SELECT contact_id, pid, value FROM property_values WHERE contact_id IN ({marks})", tuple(chunk)
        ):
            values.setdefault(int(contact_id), {})[names[pid]] = value
    return values


def value_of(contact: ContactRecord, stored: Mapping[str, str], name: str) -> str | None:
    """The property's value: computed for the three computed properties, else as stored."""
    if name == "hs_object_id":
        return str(contact.id)
    if name == "createdate":
        return format_ms(contact.created_ms)
    if name == "lastmodifieddate":
        return format_ms(contact.updated_ms)
    return stored.get(name)


def _contacts(con: Connection, ids: Sequence[int]) -> dict[int, ContactRecord]:
    found: dict[int, ContactRecord] = {}
    for chunk in _chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        for row in con.execute(
            "SELECT id, created_ms, updated_ms, imported_ms, archived_ms FROM contacts "
            f"WHERE id IN ({marks})",
            tuple(chunk),
        ):
            found[int(row[0])] = ContactRecord(*row)
    return found


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


def _api_object(contact: ContactRecord, properties: dict[str, str | None]) -> JsonObject:
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
    contact: ContactRecord, stored: Mapping[str, str], rows: Sequence[_HistoryRow], name: str
) -> list[JsonObject]:
    if name in hb.COMPUTED_PROPERTIES:
        value = value_of(contact, stored, name) or ""
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


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _dedupe(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))
