"""The product's main job end to end: load 512, enter the seed page's values, save, see the result.

The real window talks to the sandbox over loopback HTTP; we check what the sandbox received."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from window_driver import (
    SEED_PAGE_BODY,
    enter_seed_page_values,
    find,
    load,
    save,
    save_enabled,
    status_text,
)

from contact_editor.sandbox import Sandbox


def _patches(sandbox: Sandbox) -> list[dict]:
    return [r.body for r in sandbox.requests if r.method == "PATCH"]


def test_seed_page_scenario_sends_exactly_the_changed_values(qtbot, window, sandbox: Sandbox) -> None:
    before = sandbox.contact_values("512")
    load(qtbot, window, "512")
    assert "512" in status_text(window)
    assert not save_enabled(window), "nothing changed yet"

    enter_seed_page_values(qtbot, window)
    assert save_enabled(window)
    save(qtbot, window)

    expected = {k: v for k, v in SEED_PAGE_BODY.items() if before.get(k) != v}
    assert expected, "the seed contact must differ from the example for this test to mean anything"
    assert _patches(sandbox) == [{"properties": expected}]
    after = sandbox.contact_values("512")
    assert {k: after[k] for k in SEED_PAGE_BODY} == SEED_PAGE_BODY
    # The form now shows what HubSpot stored, and nothing is marked as changed.
    assert window.model.dirty_names() == []
    assert not save_enabled(window)
    assert "Saved" in status_text(window)
    assert find(window, "property:property_string").text() == "value"


def test_saving_again_without_changes_sends_nothing(qtbot, window, sandbox: Sandbox) -> None:
    load(qtbot, window, "512")
    enter_seed_page_values(qtbot, window)
    save(qtbot, window)
    enter_seed_page_values(qtbot, window)  # the same values again: nothing is different now
    assert window.model.dirty_names() == []
    assert len(_patches(sandbox)) == 1


def test_only_the_touched_field_is_sent(qtbot, window, sandbox: Sandbox) -> None:
    from window_driver import type_text

    load(qtbot, window, "601")  # this contact has no dates: an untouched empty date is never sent
    type_text(qtbot, window, "jobtitle", "Head of Sales")
    save(qtbot, window)
    assert _patches(sandbox) == [{"properties": {"jobtitle": "Head of Sales"}}]


@pytest.mark.parametrize("zone", ["Pacific/Auckland", "America/Los_Angeles"])
def test_seed_page_scenario_in_other_time_zones(zone: str, tmp_path: Path) -> None:
    """The same scenario in a fresh process whose local zone is far from UTC (TZ is read at start)."""
    env = dict(os.environ, TZ=zone, QT_QPA_PLATFORM="offscreen")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"{__file__}::{_BASE_TEST}"],
        env=env,
        cwd=Path(__file__).parents[2],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "1 passed" in run.stdout


_BASE_TEST = "test_seed_page_scenario_sends_exactly_the_changed_values"


def test_the_date_versioned_api_paths_work_end_to_end(qtbot, monkeypatch, sandbox: Sandbox) -> None:
    """HubSpot retires /crm/v3 in September 2027; --api-version 2026-03 moves every path."""
    from window_driver import type_text

    from contact_editor.app import create_window
    from contact_editor.sandbox import DEMO_TOKEN

    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", DEMO_TOKEN)
    win = create_window(["--api-base", sandbox.url, "--api-version", "2026-03"])
    qtbot.addWidget(win)
    win.show()
    load(qtbot, win, "512")
    type_text(qtbot, win, "jobtitle", "Versioned")
    save(qtbot, win)
    assert sandbox.contact_values("512")["jobtitle"] == "Versioned"
    paths = {r.path for r in sandbox.requests}
    assert "/crm/objects/2026-03/contacts/512" in paths
    assert "/crm/properties/2026-03/contacts" in paths
    assert not any(p.startswith("/crm/v3/") for p in paths)
