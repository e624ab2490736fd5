"""Instruments for the in-process session: a GUI-thread stall probe, a wait that keeps the event loop
running, a clock for HTTP responses, and a watch for "the form's first fields are on screen".
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import requests
from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtWidgets import QMainWindow, QWidget

PROBE_INTERVAL_MS = 5
FIRST_FIELDS = 5  # "usable": this many fields from the top of the form are shown, the form enabled


class StallProbe(QObject):
    """A 5 ms precise timer on the GUI thread; `max_gap_ms` is the longest time between two ticks
    since `reset()`, i.e. the longest the thread was busy (or blocked) plus one interval.
    `on_tick` (if set) runs at each tick, for waits that poll a condition."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(PROBE_INTERVAL_MS)
        self._timer.timeout.connect(self._tick)
        self._last = time.perf_counter()
        self.max_gap = 0.0
        self.on_tick: Callable[[], None] | None = None

    def start(self) -> None:
        self.reset()
        self._timer.start()

    def reset(self) -> None:
        self._last = time.perf_counter()
        self.max_gap = 0.0

    @property
    def max_gap_ms(self) -> float:
        return self.max_gap * 1000

    def _tick(self) -> None:
        now = time.perf_counter()
        self.max_gap = max(self.max_gap, now - self._last)
        self._last = now
        if self.on_tick is not None:
            self.on_tick()
            self._last = time.perf_counter()  # the benchmark's own check is not the app's stall


def wait_for(probe: StallProbe, done: Callable[[], bool], timeout_s: float) -> bool:
    """Run the event loop until `done()` (checked at each probe tick) or the timeout; True if done."""
    if done():
        return True
    loop = QEventLoop()
    finished = {"ok": False}
    deadline = time.perf_counter() + timeout_s

    def check() -> None:
        if done():
            finished["ok"] = True
            loop.quit()
        elif time.perf_counter() > deadline:
            loop.quit()

    probe.on_tick = check
    try:
        loop.exec()
    finally:
        probe.on_tick = None
    return finished["ok"]


def run_for(probe: StallProbe, seconds: float) -> None:
    end = time.perf_counter() + seconds
    wait_for(probe, lambda: time.perf_counter() >= end, seconds + 5)


class ResponseClock:
    """Notes when each HTTP response made through `requests` has been fully received (every
    `requests.Session.send` in this process returns with the body read, as the app never streams)."""

    def __init__(self) -> None:
        self.ends: list[float] = []
        self.enabled = False
        original = requests.Session.send
        clock = self

        def send(session: requests.Session, request: Any, **kwargs: Any) -> requests.Response:
            response = original(session, request, **kwargs)
            if clock.enabled:
                clock.ends.append(time.perf_counter())
            return response

        requests.Session.send = send  # type: ignore[method-assign,assignment]

    def last_before(self, moment: float) -> float | None:
        earlier = [t for t in self.ends if t <= moment]
        return max(earlier) if earlier else None


class FirstFields(QObject):
    """Watches a window for its (new) form to show its first fields, enabled, and for the paint that
    follows. `ready_at` is when that was first seen; `painted_at` is just after the window's next
    repaint (its UpdateRequest handled), i.e. when the fields are on screen."""

    def __init__(self, window: QMainWindow, previous_form: QWidget | None) -> None:
        super().__init__(window)
        self._window = window
        self._previous = previous_form
        self._form: QWidget | None = None
        self._names: list[str] = []
        self._widgets: dict[str, QWidget] = {}
        self.ready_at: float | None = None
        self.painted_at: float | None = None
        window.installEventFilter(self)
        handle = window.windowHandle()
        if handle is not None:
            handle.installEventFilter(self)

    def detach(self) -> None:
        self._window.removeEventFilter(self)
        handle = self._window.windowHandle()
        if handle is not None:
            handle.removeEventFilter(self)

    def ready(self) -> bool:
        """True when the new form is enabled and its first fields are shown (checked cheaply)."""
        form: Any = getattr(self._window, "form", None)
        if form is None or form is self._previous or not form.isVisible() or not form.isEnabled():
            return False
        if form is not self._form:
            self._form, self._widgets = form, {}
            self._names = list(form.names())[:FIRST_FIELDS] if hasattr(form, "names") else []
        if not self._names:
            return False
        for name in self._names:
            widget = self._widgets.get(name)
            if widget is None:
                widget = form.findChild(QWidget, f"property:{name}")
                if widget is None:
                    return False
                self._widgets[name] = widget
            if not widget.isVisible():
                return False
        if self.ready_at is None:
            self.ready_at = time.perf_counter()
        return True

    def done(self) -> bool:
        """Ready and painted (or ready for over a second without a repaint being seen)."""
        if self.painted_at is not None:
            return True
        if self.ready() and self.ready_at is not None and time.perf_counter() - self.ready_at > 1.0:
            self.painted_at = self.ready_at  # no repaint seen; fall back to when the fields were shown
        return self.painted_at is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        if event.type() == QEvent.Type.UpdateRequest and self.painted_at is None and self.ready():
            QTimer.singleShot(0, self._painted)
        return False

    def _painted(self) -> None:
        if self.painted_at is None:
            self.painted_at = time.perf_counter()
