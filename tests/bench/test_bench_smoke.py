"""The benchmark runs end to end (`--quick`: two small portals, one run each) and reports every figure.

No timing is asserted here: speed targets are the benchmark's business, not the test suite's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from contact_editor.bench.report import FIGURE_KEYS

QUICK_SIZES = ("80", "150")
# Figures that may be missing by design: the form may never build every row by itself, and a
# filter box may be absent; the table then says why. Everything else must be measured.
MAY_BE_MISSING = {"load_fully_built_ms", "stall_filter_ms", "filter_keystroke_ms"}
RESULTS = {"PASS", "MISS", "-", "n/a"}


def test_quick_benchmark_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "contact_editor.bench", "--quick", "--json", str(out)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=150,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))

    assert results["machine"]["cpu"] and results["machine"]["cores"] >= 1
    assert results["machine"]["pyside6"] and results["machine"]["python"]
    assert list(results["sizes"]) == list(QUICK_SIZES)
    for size, entry in results["sizes"].items():
        figures = entry["figures"]
        assert set(FIGURE_KEYS) <= set(figures), size
        missing = {key for key in FIGURE_KEYS if figures[key] is None} - MAY_BE_MISSING
        assert not missing, (size, missing, entry["errors"])
        assert figures["requests_first_load"] >= 1
        assert figures["requests_save_patch"] >= 1
        assert entry["checks"] and {c["result"] for c in entry["checks"]} <= RESULTS
        assert entry["errors"] == [], entry["errors"]

    table = done.stdout
    assert "Machine:" in table and "PySide6" in table
    for word in ("figure", "value", "baseline", "target", "result"):
        assert word in table
    for size in QUICK_SIZES:
        assert any(line.startswith(size) for line in table.splitlines()), size
    for entry in results["sizes"].values():
        for check in entry["checks"]:
            assert check["figure"] in table
    assert str(out) in table
