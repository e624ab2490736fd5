"""One session on the real window, in a fresh process, against the benchmark's sandbox.

    python -m contact_editor.bench.session --api-base URL --control URL --first ID --later ID

Builds the window with `create_window(["--api-base", URL])` (token from HUBSPOT_ACCESS_TOKEN), shows
it, and then, with a 5 ms stall probe running on the GUI thread:
1. idles (the probe's own noise: the stall baseline);
2. presses Load for `--first`: time to the first fields shown, enabled and painted ("usable"), to
   every row built when the form builds them all by itself ("fully built"), from the last HTTP
   response to the first fields painted, the longest stall, and the requests the sandbox saw;
3. replays those requests with a plain `requests.Session` (`--runs` times; median): the HTTP part;
4. loads `--later` in the same window (requests, time, stall);
5. types into `firstname`, presses Save and waits for "saved" (requests by method, time, stall);
6. types a few characters into the filter box `filterEdit` and deletes them again, each keystroke
   followed by a pause: per keystroke, the key event's own time plus the longest busy stretch after
   it (the filter applies after its typing pause), and the longest stall.
Prints one JSON line. Times are in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import requests

from contact_editor.bench.probe import (
    PROBE_INTERVAL_MS,
    FirstFields,
    ResponseClock,
    StallProbe,
    run_for,
    wait_for,
)
from contact_editor.bench.server import Control

LOAD_TIMEOUT_S = 180.0
BUILD_WAIT_S = 30.0  # the longest wait for a form to finish building by itself
STABLE_S = 0.5  # a form whose row count stays put this long has stopped building by itself
TAIL_S = 0.1  # the probe keeps watching this long after each operation ends
FILTER_KEYS = ("p", "r", "e", "f", "\b", "\b", "\b", "\b")
EDITED_FIELD = "firstname"


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


class Session:
    def __init__(self, args: argparse.Namespace, clock: ResponseClock) -> None:
        from PySide6.QtWidgets import QMainWindow

        from contact_editor.app import create_window

        self.args = args
        self.clock = clock
        self.control = Control(args.control)
        window = create_window(["--api-base", args.api_base])
        assert isinstance(window, QMainWindow)
        window.services.confirm = lambda *_args: True  # type: ignore[attr-defined]
        self.window: Any = window
        self.probe = StallProbe(window)
        self.probe.start()
        window.show()
        run_for(self.probe, 0.3)
        self.errors: list[str] = []
        self._recorded: list[dict[str, Any]] = []

    # -- phases ----------------------------------------------------------------------------------
    def run(self) -> dict[str, Any]:
        result: dict[str, Any] = {"idle_stall_ms": self._idle()}
        phases: list[tuple[str, Callable[[], Any]]] = [
            ("first_load", lambda: self._load(self.args.first, keep=True)),
            ("replay", self._replay),
            ("later_load", lambda: self._load(self.args.later)),
            ("save", self._save),
            ("filter", self._filter),
        ]
        for name, phase in phases:
            try:
                result[name] = phase()
            except Exception as exc:  # report and go on: every other figure still counts
                self.errors.append(f"{name}: {type(exc).__name__}: {exc}")
                result[name] = None
        result["errors"] = self.errors
        return result

    def _idle(self) -> float | None:
        self.probe.reset()
        run_for(self.probe, self.args.idle_s)
        return _ms(self.probe.max_gap)

    def _failed(self) -> bool:
        return not self.window.runner.is_running() and self.window.banner.level == "error"

    def _load(self, contact_id: str, keep: bool = False) -> dict[str, Any]:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QLineEdit, QPushButton

        w = self.window
        w.findChild(QLineEdit, "contactIdEdit").setText(contact_id)
        watch = FirstFields(w, w.form)
        self.control.clear()
        self.clock.ends.clear()
        self.clock.enabled = True
        self.probe.reset()
        started = time.perf_counter()
        QTest.mouseClick(w.findChild(QPushButton, "loadButton"), Qt.MouseButton.LeftButton)
        ok = wait_for(self.probe, lambda: watch.done() or self._failed(), LOAD_TIMEOUT_S)
        watch.detach()
        if not ok or watch.painted_at is None:
            raise RuntimeError(f"contact {contact_id} did not load: {w.banner.text()!r}")
        usable = watch.painted_at
        built_at, built, total = self._wait_built(w.form)
        wait_for(self.probe, lambda: not w.runner.is_running(), LOAD_TIMEOUT_S)
        run_for(self.probe, TAIL_S)
        stall = self.probe.max_gap
        self.clock.enabled = False
        recorded = self.control.requests()
        if keep:
            self._recorded = recorded
        response = self.clock.last_before(usable)
        return {
            "usable_ms": _ms(usable - started),
            "fields_shown_ms": _ms((watch.ready_at or usable) - started),
            "fully_built_ms": _ms(built_at - started) if built_at is not None else None,
            "rows_built": built,
            "rows_total": total,
            "response_to_visible_ms": _ms(usable - response) if response is not None else None,
            "stall_ms": _ms(stall),
            **_request_summary(recorded),
        }

    def _wait_built(self, form: Any) -> tuple[float | None, int | None, int | None]:
        """(when every row existed, rows built, rows in all); the time is None when the form has no
        `is_fully_built()` or stops building by itself before every row exists."""
        if not hasattr(form, "is_fully_built"):
            return None, None, len(form.names()) if hasattr(form, "names") else None
        total = len(form.names())
        count = getattr(form, "built_count", lambda: 0)
        seen = {"count": -1, "since": time.perf_counter()}

        def settled() -> bool:
            if form.is_fully_built():
                return True
            now, built = time.perf_counter(), count()
            if built != seen["count"]:
                seen["count"], seen["since"] = built, now
            return now - seen["since"] >= STABLE_S

        wait_for(self.probe, settled, BUILD_WAIT_S)
        done = form.is_fully_built()
        return (time.perf_counter() if done else None), (total if done else count()), total

    def _replay(self) -> dict[str, Any]:
        if not self._recorded:
            raise RuntimeError("no first load to replay")
        runs = [self._replay_once() for _ in range(self.args.runs)]
        return {"median_ms": _ms(statistics.median(runs)), "runs_ms": [_ms(r) for r in runs]}

    def _replay_once(self) -> float:
        from contact_editor.sandbox import DEMO_TOKEN

        headers = {"Authorization": f"Bearer {DEMO_TOKEN}", "Accept": "application/json"}
        with requests.Session() as session:
            started = time.perf_counter()
            for item in self._recorded:
                query = urlencode(item["query"], doseq=True, safe=",")
                url = self.args.api_base + item["path"] + (f"?{query}" if query else "")
                extra = {"json": item["body"]} if item["body"] is not None else {}
                answer = session.request(item["method"], url, headers=headers, timeout=(5, 60), **extra)
                _ = answer.content
                if answer.status_code >= 400:
                    raise RuntimeError(f"replayed {item['method']} {item['path']} got {answer.status_code}")
            return time.perf_counter() - started

    def _save(self) -> dict[str, Any]:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QLineEdit, QPushButton

        w, form = self.window, self.window.form
        edit = form.findChild(QLineEdit, f"property:{EDITED_FIELD}")
        if edit is None and hasattr(form, "ensure_built"):
            form.ensure_built(EDITED_FIELD)
            edit = form.findChild(QLineEdit, f"property:{EDITED_FIELD}")
        if edit is None:
            raise RuntimeError(f"no text box for {EDITED_FIELD}")
        edit.setFocus()
        edit.selectAll()
        QTest.keyClicks(edit, f"Bench {os.getpid()}")  # differs from what earlier sessions saved
        run_for(self.probe, 0.05)
        button = w.findChild(QPushButton, "saveButton")
        if not button.isEnabled():
            raise RuntimeError(f"Save is not enabled after editing {EDITED_FIELD}: {w.banner.text()!r}")
        saved: list[float] = []
        w.saving.saved.connect(lambda *_args: saved.append(time.perf_counter()))
        self.control.clear()
        self.probe.reset()
        started = time.perf_counter()
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)
        wait_for(self.probe, lambda: bool(saved) or self._failed(), LOAD_TIMEOUT_S)
        if not saved:
            raise RuntimeError(f"the save did not finish: {w.banner.text()!r}")
        wait_for(self.probe, lambda: not w.runner.is_running(), LOAD_TIMEOUT_S)
        run_for(self.probe, TAIL_S)
        return {"saved_ms": _ms(saved[0] - started), "stall_ms": _ms(self.probe.max_gap),
                **_request_summary(self.control.requests())}  # fmt: skip

    def _filter(self) -> dict[str, Any]:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QLabel, QLineEdit

        w = self.window
        edit = w.findChild(QLineEdit, "filterEdit")
        if edit is None:
            return {"available": False}
        if not edit.isVisible():
            QTest.keyClick(w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
            run_for(self.probe, 0.1)
        edit.setFocus()
        run_for(self.probe, 0.05)
        count = w.findChild(QLabel, "filterCount")
        keystrokes, stalls, shown = [], [], []
        for key in FILTER_KEYS:
            started = time.perf_counter()
            if key == "\b":
                QTest.keyClick(edit, Qt.Key.Key_Backspace)
            else:
                QTest.keyClicks(edit, key)
            handled = time.perf_counter() - started
            self.probe.reset()
            run_for(self.probe, self.args.settle_s)
            after = self.probe.max_gap
            keystrokes.append(handled + max(0.0, after - PROBE_INTERVAL_MS / 1000))
            stalls.append(max(handled, after))
            shown.append(f"{edit.text()!r}: {count.text() if count is not None else '?'}")
        return {"available": True, "keystroke_ms": _ms(max(keystrokes)), "stall_ms": _ms(max(stalls)),
                "keystrokes_ms": [_ms(k) for k in keystrokes], "shown": shown}  # fmt: skip


def _request_summary(recorded: list[dict[str, Any]]) -> dict[str, Any]:
    kinds = Counter(f"{r['method']} {r['path']}" for r in recorded)
    methods = Counter(str(r["method"]) for r in recorded)
    longest = max((len(r["path"]) + len(urlencode(r["query"], doseq=True, safe=",")) + 1 for r in recorded),
                  default=0)  # fmt: skip
    return {"requests": len(recorded), "by_method": dict(methods), "by_endpoint": dict(kinds),
            "longest_url_chars": longest}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m contact_editor.bench.session")
    parser.add_argument("--api-base", required=True)
    parser.add_argument("--control", required=True)
    parser.add_argument("--first", required=True)
    parser.add_argument("--later", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--settle-s", type=float, default=0.45)
    parser.add_argument("--idle-s", type=float, default=0.5)
    args = parser.parse_args(argv)
    clock = ResponseClock()  # before the app makes its client
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    result = Session(args, clock).run()
    print(json.dumps(result), flush=True)
    sys.stderr.flush()
    del app
    os._exit(0)  # skip teardown (threads and Qt objects): its time is not measured


if __name__ == "__main__":
    sys.exit(main())
