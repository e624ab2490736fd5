"""Field definitions are kept between runs: a first load in a new run is one request, and the
definitions are checked against HubSpot in the background."""

from __future__ import annotations

import json
from dataclasses import asdict

from window_driver import find, load

from contact_editor.app import create_window
from contact_editor.hubspot.client import HubSpotClient
from contact_editor.hubspot.retry import RetryNotice, RetryPolicy
from contact_editor.sandbox import DEMO_TOKEN, Sandbox
from contact_editor.workers.jobs import Schema, keep_schema, load_contact
from contact_editor.workers.schema_cache import (
    FORMAT,
    VERSION,
    SchemaCache,
    schema_from_json,
    schema_to_json,
)

PROPS = "/crm/v3/properties/contacts"


def _new_run(qtbot, sandbox: Sandbox):  # type: ignore[no-untyped-def]
    win = create_window(["--api-base", sandbox.url])
    win.services.confirm = lambda *_a: True
    qtbot.addWidget(win)
    win.show()
    return win


class _NoWaits:
    def wait(self, notice: RetryNotice) -> None:
        raise AssertionError(f"no retry expected: {notice}")


def _paths(sandbox: Sandbox) -> list[str]:
    return [r.path for r in sandbox.requests if r.method == "GET"]


def test_second_run_loads_with_one_request_and_refreshes_in_the_background(
    qtbot, sandbox, monkeypatch
) -> None:
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", DEMO_TOKEN)
    first = _new_run(qtbot, sandbox)
    load(qtbot, first, "512")
    assert sorted(_paths(sandbox)) == sorted([PROPS, f"{PROPS}/groups", "/crm/v3/objects/contacts/512"])
    sandbox.clear_requests()
    load(qtbot, first, "601")
    assert _paths(sandbox) == ["/crm/v3/objects/contacts/601"], "a later load is one request"

    sandbox.clear_requests()
    gate = sandbox.hold("GET", PROPS)  # HubSpot slow to send the definitions this time
    second = _new_run(qtbot, sandbox)
    find(second, "contactIdEdit").setText("512")
    second.load_clicked()
    qtbot.waitUntil(lambda: second.form is not None, timeout=10_000)
    assert find(second, "property:firstname").text() == "Maria", "shown from the cached definitions"
    assert second.runner.is_running("schema"), "the definitions are being checked meanwhile"
    gate.release()
    qtbot.waitUntil(lambda: not second.runner.is_running(), timeout=10_000)
    assert _paths(sandbox)[0] == "/crm/v3/objects/contacts/512"


def test_changed_definitions_are_picked_up(qtbot, sandbox, monkeypatch) -> None:
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", DEMO_TOKEN)
    first = _new_run(qtbot, sandbox)
    load(qtbot, first, "512")
    cache = first.services.schema_cache
    portal = first.services.portal
    stale = json.loads(cache.path_for(portal).read_text())
    stale["definitions"] = [d for d in stale["definitions"] if d["name"] != "jobtitle"]
    cache.path_for(portal).write_text(json.dumps(stale))

    second = _new_run(qtbot, sandbox)
    load(qtbot, second, "512")
    qtbot.waitUntil(lambda: not second.runner.is_running(), timeout=10_000)
    qtbot.waitUntil(lambda: "jobtitle" in second.model.definitions, timeout=10_000)
    assert find(second, "property:jobtitle").text() == "Operations Manager"
    assert "jobtitle" in [d["name"] for d in json.loads(cache.path_for(portal).read_text())["definitions"]]


def test_a_damaged_cache_is_ignored(tmp_path) -> None:
    cache = SchemaCache(tmp_path)
    cache.path_for("p").write_text("{not json")
    assert cache.load("p") is None
    cache.path_for("p").write_text(json.dumps({"format": "something else"}))
    assert cache.load("p") is None


def test_the_cache_round_trips_every_definition(qtbot, sandbox, monkeypatch) -> None:
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", DEMO_TOKEN)
    win = _new_run(qtbot, sandbox)
    load(qtbot, win, "512")
    schema = win._schema
    assert schema_from_json(json.loads(json.dumps(schema_to_json(schema)))) == schema
    assert win.services.schema_cache.load(win.services.portal) == schema


def test_the_cache_file_holds_what_dataclasses_asdict_would(qtbot, sandbox, monkeypatch) -> None:
    """schema_to_json is written by hand for speed; it must stay the same as the generic form."""
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", DEMO_TOKEN)
    win = _new_run(qtbot, sandbox)
    load(qtbot, win, "512")
    schema = win._schema
    assert any(d.options for d in schema.definitions)
    generic = {
        "format": FORMAT,
        "version": VERSION,
        "definitions": [asdict(d) for d in schema.definitions],
        "groups": [asdict(g) for g in schema.groups],
    }
    assert json.loads(json.dumps(schema_to_json(schema))) == json.loads(json.dumps(generic))


class _RecordingStore:
    def __init__(self) -> None:
        self.saved: list[str] = []

    def load(self, portal: str) -> Schema | None:
        return None

    def save(self, portal: str, schema: Schema) -> None:
        self.saved.append(portal)


def test_a_load_is_not_kept_waiting_for_the_cache_write(sandbox) -> None:
    """The load job hands the fetched definitions back; writing them is a job of its own."""
    store = _RecordingStore()
    with HubSpotClient(sandbox.url, lambda: DEMO_TOKEN) as api:
        loaded = load_contact(api, "512", None, store, "portal", RetryPolicy(), _NoWaits())
    assert loaded.schema_fetched and not loaded.schema_from_cache
    assert store.saved == [], "the load job itself writes nothing"
    keep_schema(store, "portal", loaded.schema, _NoWaits())
    assert store.saved == ["portal"]


def test_after_a_first_load_the_window_keeps_the_definitions(qtbot, sandbox, monkeypatch) -> None:
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", DEMO_TOKEN)
    win = _new_run(qtbot, sandbox)
    load(qtbot, win, "512")  # waits until no job runs, the keeping job included
    assert win.services.schema_cache.load(win.services.portal) == win._schema
