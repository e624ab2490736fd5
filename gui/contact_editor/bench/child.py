"""One cold start, in a fresh process: the app's window or a bare PySide6 window.

    python -m contact_editor.bench.child bare
    python -m contact_editor.bench.child app --api-base URL [--contact ID]

Both import PySide6, build their window and show it; when the window gets its first paint event,
the child notes `time.monotonic()` (the same clock as the parent's, which noted it just before the
spawn). `app` runs the real `contact_editor.app.main` (logging, crash hook, icon, `create_window`,
show, the event loop) with `create_window` wrapped to watch the window it builds. With `--contact`
(passed on as the app's own `--contact`) the child also waits until that contact is loaded and its
form has stopped building rows by itself (all of them, or what a large form builds unasked), for the
peak-memory figure. The last line printed is JSON: {"shown", "loaded",
"vmhwm_kb"}. Nothing is imported before the clock starts except this small module.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

_LOAD_TIMEOUT_MS = 300_000
_SETTLE_MS = 300
_STABLE_S = 0.5  # a form whose row count stays put this long has stopped building


def _vmhwm_kb() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _finish(result: dict[str, Any]) -> None:
    result["vmhwm_kb"] = _vmhwm_kb()
    print(json.dumps(result), flush=True)
    sys.stderr.flush()
    os._exit(0)  # skip interpreter teardown: its time and any exit-time crash are not the app's


def main(argv: list[str]) -> None:
    mode = argv[0] if argv else ""
    if mode not in ("bare", "app"):
        raise SystemExit("usage: python -m contact_editor.bench.child bare|app [--api-base URL] "
                         "[--contact ID]")
    rest = argv[1:]
    contact = rest[rest.index("--contact") + 1] if "--contact" in rest else None

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    result: dict[str, Any] = {"mode": mode}

    seen = {"count": -1, "since": 0.0}

    def loaded(window: QMainWindow) -> bool:
        """The form is up and has stopped building rows by itself (all, or what it builds unasked)."""
        form = getattr(window, "form", None)
        runner = getattr(window, "runner", None)
        if form is None or not form.isEnabled() or runner is None or runner.is_running():
            return False
        if not hasattr(form, "is_fully_built") or form.is_fully_built():
            return True
        now, built = time.monotonic(), form.built_count() if hasattr(form, "built_count") else 0
        if built != seen["count"]:
            seen["count"], seen["since"] = built, now
        return now - seen["since"] >= _STABLE_S

    def after_paint(window: QMainWindow) -> None:
        if contact is None:
            _finish(result)
        poll = QTimer(window)
        deadline = time.monotonic() + _LOAD_TIMEOUT_MS / 1000

        def check() -> None:
            if loaded(window):
                poll.stop()
                result["loaded"] = time.monotonic()
                QTimer.singleShot(_SETTLE_MS, lambda: _finish(result))
            elif time.monotonic() > deadline:
                result["error"] = "the contact did not load in time"
                _finish(result)

        poll.timeout.connect(check)
        poll.start(20)

    class FirstPaint(QObject):
        def __init__(self, window: QMainWindow) -> None:
            super().__init__(window)
            self._window = window
            self._seen = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
            if not self._seen and event.type() == QEvent.Type.Paint:
                self._seen = True
                result["shown"] = time.monotonic()
                QTimer.singleShot(0, lambda: after_paint(self._window))
            return False

    def watch(window: QMainWindow) -> QMainWindow:
        window.installEventFilter(FirstPaint(window))
        return window

    if mode == "bare":
        app = QApplication(sys.argv[:1])
        window = QMainWindow()
        window.setCentralWidget(QLabel("Hello"))
        window.resize(960, 780)  # the app window's size: both paint the same area
        watch(window).show()
        app.exec()
        return

    from contact_editor import app as app_module

    create_window = app_module.create_window

    def create_and_watch(args: list[str]) -> QMainWindow:
        return watch(create_window(args))

    app_module.create_window = create_and_watch  # type: ignore[assignment]
    app_module.main(rest)


if __name__ == "__main__":
    main(sys.argv[1:])
