"""Writing a `Seed` into a new store database, in one transaction (see `storage_sqlite` for the tables).

Contacts are read from the seed in chunks (a generated seed produces them on demand) and written
with `executemany`, each chunk's rows in key order, which keeps loading a large portal fast.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from contact_editor.sandbox import behaviour as hb
from contact_editor.sandbox.rules import format_ms, numeric_value
from contact_editor.sandbox.seed import ContactRow, Seed
from contact_editor.sandbox.storage_sqlite import Database
from contact_editor.sandbox.store_writes import now_ms

_LOAD_CHUNK = 20_000


def load_seed(db: Database, seed: Seed) -> None:
    """Write definitions, groups, owners and contacts in one transaction, with executemany."""
    kinds = {str(p["name"]): str(p.get("type", "string")) for p in seed.properties}
    pids = {str(p["name"]): i for i, p in enumerate(seed.properties)}
    now = now_ms()
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


def _dumps(value: Mapping[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
