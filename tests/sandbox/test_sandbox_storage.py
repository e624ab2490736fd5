"""SQLite storage: a data file keeps edits across restarts (seeded only when new), refuses foreign
files, and concurrent requests on the threaded server keep every write and its history."""

from __future__ import annotations

import json
import re
import selectors
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

import pytest
import requests
from sandbox_testkit import CONTACTS, TIMEOUT, Api

from contact_editor.sandbox import DEMO_TOKEN, Sandbox, Seed
from contact_editor.sandbox.storage_sqlite import DataFileError

GROUP = {"name": "g", "label": "G", "displayOrder": 0, "archived": False}
TEXT = {"name": "nickname", "label": "Nickname", "type": "string", "fieldType": "text", "groupName": "g",
        "options": [], "description": ""}  # fmt: skip
URL_LINE = re.compile(r"Sandbox listening on (http://127\.0\.0\.1:\d+) ")


def test_a_data_file_keeps_edits_across_restarts(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    with Sandbox(data_path=path) as first:
        api = Api(first.url)
        assert api.patch_contact("512", {"firstname": "Marie", "property_number": "99"}).status_code == 200
        assert api.delete(f"{CONTACTS}/1051").status_code == 204
    other_seed = Seed.from_json([TEXT], [GROUP], [{"id": "7", "properties": {"nickname": "Bo"}}])
    with Sandbox(seed=other_seed, data_path=path) as second:  # the file wins over any seed
        api = Api(second.url)
        data = api.get(f"{CONTACTS}/512", params={"propertiesWithHistory": "firstname"}).json()
        assert [h["value"] for h in data["propertiesWithHistory"]["firstname"]] == ["Marie", "Maria"]
        assert second.contact_values("512")["property_number"] == "99"
        assert api.get(f"{CONTACTS}/1051").status_code == 404
        assert api.get(f"{CONTACTS}/7").status_code == 404
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_memory_is_the_default_and_each_sandbox_has_its_own(tmp_path: Path) -> None:
    with Sandbox() as one, Sandbox() as two:
        Api(one.url).patch_contact("512", {"firstname": "One"})
        assert two.contact_values("512")["firstname"] == "Maria"
    assert list(tmp_path.iterdir()) == []


def test_foreign_or_newer_files_are_refused(tmp_path: Path) -> None:
    text = tmp_path / "notes.db"
    text.write_text("not a database, just notes\n" * 100, encoding="utf-8")
    with pytest.raises(DataFileError):
        Sandbox(data_path=text)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as con:
        con.execute("CREATE TABLE stuff (x)")
    with pytest.raises(DataFileError, match="not a sandbox data file"):
        Sandbox(data_path=other)
    newer = tmp_path / "newer.db"
    Sandbox(data_path=newer)
    with sqlite3.connect(newer) as con:
        con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(DataFileError, match="schema 999"):
        Sandbox(data_path=newer)


def test_concurrent_writes_and_reads_all_land(sandbox_fast: Sandbox) -> None:
    api = Api(sandbox_fast.url)
    errors: list[str] = []
    writes_per_thread = 15

    def writer(contact_id: str, name: str) -> None:
        with requests.Session() as session:
            for n in range(writes_per_thread):
                response = session.patch(
                    f"{api.base}{CONTACTS}/{contact_id}",
                    json={"properties": {name: f"{name}-{n}"}},
                    headers=api.headers,
                    timeout=TIMEOUT,
                )
                if response.status_code != 200:
                    errors.append(response.text)
                reader = session.get(
                    f"{api.base}{CONTACTS}/{contact_id}", headers=api.headers, timeout=TIMEOUT
                )
                if reader.status_code != 200:
                    errors.append(reader.text)

    jobs = [
        ("512", "jobtitle"),
        ("512", "company"),
        ("601", "jobtitle"),
        ("702", "message"),
        ("1051", "company"),
    ]
    threads = [threading.Thread(target=writer, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors
    for contact_id, name in jobs:
        assert sandbox_fast.contact_values(contact_id)[name] == f"{name}-{writes_per_thread - 1}"
        history = api.get(f"{CONTACTS}/{contact_id}", params={"propertiesWithHistory": name}).json()
        values = [h["value"] for h in history["propertiesWithHistory"][name]]
        written = [f"{name}-{n}" for n in reversed(range(writes_per_thread))]
        assert values[:writes_per_thread] == written


@pytest.fixture
def sandbox_fast() -> object:
    with Sandbox(burst=100_000, daily=10**9, search_per_second=10_000) as sb:
        yield sb


def _start(args: list[str]) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "contact_editor.sandbox", "--port", "0", *args]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = _read_line(proc.stdout, timeout=30)
    match = URL_LINE.match(line)
    assert match, line
    return proc, match.group(1)


def _read_line(stream: IO[str], timeout: float) -> str:
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        if not selector.select(timeout):
            raise AssertionError("the sandbox printed nothing in time")
    return stream.readline()


def _stop(proc: subprocess.Popen[str]) -> None:
    try:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=5)
    assert proc.returncode == 0


def test_cli_data_file_and_generated_portal_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "portal.db"
    headers = {"Authorization": f"Bearer {DEMO_TOKEN}"}
    generate = ["--generate-properties", "80", "--generate-contacts", "30", "--generate-seed", "3"]
    proc, url = _start(["--data", str(path), *generate])
    try:
        listed = requests.get(
            f"{url}{CONTACTS}", params={"limit": 100}, headers=headers, timeout=TIMEOUT
        ).json()
        assert len(listed["results"]) == 35  # the five demo contacts and 30 generated ones
        properties = requests.get(
            f"{url}/crm/v3/properties/contacts", headers=headers, timeout=TIMEOUT
        ).json()
        assert len(properties["results"]) == 80
        response = requests.patch(
            f"{url}{CONTACTS}/1000001",
            data=json.dumps({"properties": {"firstname": "Persisted"}}),
            headers={**headers, "Content-Type": "application/json"},
            timeout=TIMEOUT,
        )
        assert response.status_code == 200
    finally:
        _stop(proc)
    proc, url = _start(["--data", str(path)])
    try:
        again = requests.get(f"{url}{CONTACTS}/1000001", headers=headers, timeout=TIMEOUT).json()
        assert again["properties"]["firstname"] == "Persisted"
    finally:
        _stop(proc)


def test_cli_refuses_a_foreign_data_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("hello\n" * 200, encoding="utf-8")
    command = [sys.executable, "-m", "contact_editor.sandbox", "--port", "0", "--data", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 1
    assert "Cannot start the sandbox" in done.stderr and "Traceback" not in done.stderr
