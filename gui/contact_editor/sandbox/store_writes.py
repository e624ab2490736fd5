"""Recording a write in the store's tables: the values, one history entry each, and updatedAt.

Nothing here validates: `store.ContactStore` checks a write completely before it calls these, on a
connection it holds inside one transaction (see `storage_sqlite` for the tables).
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from contact_editor.sandbox import behaviour as hb
from contact_editor.sandbox.rules import Definition, numeric_value
from contact_editor.sandbox.storage_sqlite import Connection
from contact_editor.sandbox.store_reads import ContactRecord

# (sourceType, sourceId, updatedByUserId) of a history entry.
Source = tuple[str, str | None, int | None]


def write_values(
    con: Connection,
    contact: ContactRecord,
    writes: Mapping[str, str],
    when: int,
    source: Source,
    *,
    pids: Mapping[str, int],
    pid_names: Mapping[int, str],
    rules: Mapping[str, Definition],
) -> None:
    """Store the values and one history entry each. A value that came with the seed and has no
    history yet gets its seed entry first, so the history stays complete. `pids` and `pid_names` map
    property names to property IDs and back."""
    names = list(writes)
    marks = ",".join("?" * len(names))
    current = {
        pid_names[pid]: value
        for pid, value in con.execute(
            f"SELECT pid, value FROM property_values WHERE contact_id = ? AND pid IN ({marks})",
            (contact.id, *(pids[n] for n in names)),
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
                "INSERT OR REPLACE INTO property_values (contact_id, pid, value, num) VALUES (?, ?, ?, ?)",
                (contact.id, pids[name], value, numeric_value(rules[name].type, value)),
            )
        else:
            con.execute(
                "DELETE FROM property_values WHERE contact_id = ? AND pid = ?",
                (contact.id, pids[name]),
            )


def touch(con: Connection, contact: ContactRecord) -> int:
    """Move updatedAt to now, strictly later than before (so every write is visible)."""
    when = max(now_ms(), contact.updated_ms + 1)
    con.execute("UPDATE contacts SET updated_ms = ? WHERE id = ?", (when, contact.id))
    return when


def now_ms() -> int:
    return int(time.time() * 1000)
