"""The sandbox's SQLite database: schema, connection and locking (standard library `sqlite3` only).

One connection, guarded by one re-entrant lock, serves every request thread (the HTTP server is
threaded). In memory by default; with a path, the database lives in that file (WAL journal) so demo
edits survive a restart.

Tables (contact IDs are integers; every property value is a string, as on the wire):

- `meta(key, value)`: schema version and when the data was seeded.
- `property_groups(name, position, body)` and `properties(pid, name, type, field_type, body)`:
  the definitions in API order, `body` being the JSON object the API returns. `pid` is the compact
  key other tables use for a property (integers keep the big tables and their indexes small).
- `owners(id, user_id, email, archived, position, body)`.
- `contacts(id, created_ms, updated_ms, imported_ms, archived_ms)`: `imported_ms` is the timestamp of
  the values the seed gave the contact (their history entry, see `history`).
- `property_values(contact_id, pid, value, num)`: one row per stored value (no row = no value).
  `num` is the value as a number for number, date and datetime properties (epoch ms for the dates),
  which is what search compares and sorts on.
- `history(seq, contact_id, name, value, timestamp_ms, source_type, source_id, user_id)`: one row per
  write, newest = highest `seq`. Seed values have no row until they are first overwritten: the store
  then records the seed value first (see store_writes.py), which keeps generating a large portal cheap.
"""

from __future__ import annotations

import functools
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA_VERSION = "1"

_TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE property_groups (
    name TEXT PRIMARY KEY, position INTEGER NOT NULL, body TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE properties (
    pid INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, type TEXT NOT NULL, field_type TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE owners (
    id INTEGER PRIMARY KEY, user_id INTEGER, email TEXT, archived INTEGER NOT NULL, position INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    created_ms INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL,
    imported_ms INTEGER NOT NULL,
    archived_ms INTEGER
);
CREATE TABLE property_values (
    contact_id INTEGER NOT NULL, pid INTEGER NOT NULL, value TEXT NOT NULL, num REAL,
    PRIMARY KEY (contact_id, pid)
) WITHOUT ROWID;
CREATE TABLE history (
    seq INTEGER PRIMARY KEY,
    contact_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    timestamp_ms INTEGER NOT NULL,
    source_type TEXT NOT NULL,
    source_id TEXT,
    user_id INTEGER
);
"""

# Created after a bulk load (building an index once is much faster than keeping it up to date).
_INDEXES = """
CREATE INDEX IF NOT EXISTS value_text ON property_values (pid, value COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS value_number ON property_values (pid, num) WHERE num IS NOT NULL;
CREATE INDEX IF NOT EXISTS history_by_contact ON history (contact_id, name, seq);
CREATE INDEX IF NOT EXISTS contacts_created ON contacts (created_ms);
CREATE INDEX IF NOT EXISTS contacts_updated ON contacts (updated_ms);
CREATE INDEX IF NOT EXISTS owners_email ON owners (email COLLATE NOCASE);
"""


class DataFileError(RuntimeError):
    """The data file cannot be used (not a sandbox database, or made by another schema version)."""


class Database:
    """One SQLite connection with a lock. Use `with db.read() as con` / `with db.write() as con`."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self._lock = threading.RLock()
        target = ":memory:" if self.path is None else str(self.path)
        try:
            self._con = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
        except sqlite3.Error as exc:
            raise DataFileError(f"cannot open the sandbox data file {target}: {exc}") from exc
        try:
            self.is_new = not self._has_schema()
            if self.path is not None:
                self._con.execute("PRAGMA journal_mode = WAL")
                self._con.execute("PRAGMA synchronous = NORMAL")
            else:
                self._con.execute("PRAGMA journal_mode = MEMORY")
            self._con.execute("PRAGMA temp_store = MEMORY")
            self._con.execute("PRAGMA cache_size = -65536")  # 64 MiB
        except (sqlite3.Error, DataFileError) as exc:
            self._con.close()
            if isinstance(exc, DataFileError):
                raise
            raise DataFileError(f"{self.path} is not a sandbox data file: {exc}") from exc
        _register_functions(self._con)

    # --- lifecycle ----------------------------------------------------------------------------

    def create_schema(self) -> None:
        with self.write() as con:
            con.executescript_in_tx(_TABLES)
            con.execute("INSERT INTO meta (key, value) VALUES ('schema_version', ?)", (SCHEMA_VERSION,))

    def create_indexes(self) -> None:
        with self.write() as con:
            con.executescript_in_tx(_INDEXES)
        with self._lock:
            self._con.execute("ANALYZE")

    def close(self) -> None:
        with self._lock:
            self._con.close()

    def _has_schema(self) -> bool:
        try:
            row = self._con.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
            ).fetchone()
            if row is None:
                if self._con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise DataFileError(f"{self.path} is not a sandbox data file")
                return False
            version = self._con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise DataFileError(f"{self.path} is not a sandbox data file: {exc}") from exc
        if version is None or version[0] != SCHEMA_VERSION:
            found = version[0] if version else "none"
            raise DataFileError(
                f"{self.path} was made by another sandbox version (schema {found}, expected "
                f"{SCHEMA_VERSION}); move it away to start from the seed again"
            )
        return True

    # --- access -------------------------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """The connection, under the lock (no transaction: each statement sees committed data)."""
        with self._lock:
            yield Connection(self._con)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """The connection inside one transaction, under the lock; rolled back on an exception."""
        with self._lock:
            self._con.execute("BEGIN IMMEDIATE")
            try:
                yield Connection(self._con)
            except BaseException:
                self._con.execute("ROLLBACK")
                raise
            self._con.execute("COMMIT")


class Connection:
    """A thin typed view of the sqlite3 connection (what the store and search need)."""

    def __init__(self, con: sqlite3.Connection) -> None:
        self._con = con

    def execute(self, sql: str, params: tuple[object, ...] | list[object] = ()) -> sqlite3.Cursor:
        return self._con.execute(sql, params)

    def executemany(self, sql: str, rows: object) -> None:
        self._con.executemany(sql, rows)  # type: ignore[arg-type]

    def executescript_in_tx(self, script: str) -> None:
        """Run several statements (no parameters) inside the current transaction."""
        for statement in script.split(";"):
            if statement.strip():
                self._con.execute(statement)


# --- SQL functions used by search -------------------------------------------------------------------

_TOKEN_SPLIT = re.compile(r"[^\w]+")


def value_tokens(value: str) -> list[str]:
    """The words of a value, case-folded: split on anything that is not a letter, digit or "_"."""
    return [token for token in _TOKEN_SPLIT.split(value.casefold()) if token]


def _contains_token(value: str | None, wanted: str | None) -> int:
    """CONTAINS_TOKEN: a word of the value equals `wanted` (case-insensitive); `*` is a wildcard that
    is matched against the whole value, so "*@example.com" finds every example.com address."""
    if value is None or wanted is None:
        return 0
    folded = wanted.casefold()
    if "*" in folded:
        return 1 if _wildcard(folded).fullmatch(value.casefold()) else 0
    if folded == value.casefold():
        return 1
    return 1 if folded in value_tokens(value) else 0


@functools.lru_cache(maxsize=64)
def _wildcard(pattern: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in pattern.split("*")), re.DOTALL)


def _token_prefix(value: str | None, word: str | None) -> int:
    """Free-text `query`: some word of the value (or the whole value) starts with `word`."""
    if value is None or word is None:
        return 0
    folded = word.casefold()
    whole = value.casefold()
    if whole.startswith(folded):
        return 1
    return 1 if any(token.startswith(folded) for token in value_tokens(value)) else 0


def _register_functions(con: sqlite3.Connection) -> None:
    functions: tuple[tuple[str, Callable[[str | None, str | None], int]], ...] = (
        ("contains_token", _contains_token),
        ("token_prefix", _token_prefix),
    )
    for name, function in functions:
        con.create_function(name, 2, function, deterministic=True)
