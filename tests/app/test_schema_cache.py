"""Field definitions are kept between runs: a first load in a new run is one request, and the
definitions are checked against HubSpot in the background."""

from __future__ import annotations

import json

from window_driver import find, load

from contact_editor.app import create_window
from contact_editor.sandbox import DEMO_TOKEN, Sandbox
from contact_editor.workers.schema_cache import SchemaCache, schema_from_json, schema_to_json

PROPS = "/crm/v3/properties/contacts"


def _new_run(qtbot, sandbox: Sandbox):  # type: ignore[no-untyped-def]
    win = create_window(["--api-base", sandbox.url])
    win.services.confirm = lambda *_a: True
    qtbot.addWidget(win)
    win.show()
    return win


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
