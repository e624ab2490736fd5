"""Run blocking jobs (HTTP calls) on QThreads and hand their results back to the GUI thread.

Each job runs in a `JobWorker` moved to its own `QThread`. The worker only calls the job and emits
plain data: a result object or an exception object. It never touches widgets (F16).

`JobRunner` lives in the GUI thread and owns every thread and worker until the built-in
`QThread.finished` fires, so no Python reference is dropped while a thread still runs (F15).
Each job gets a generation number per kind ("load", "save"); when a newer job of the same kind was
started, the older job's result is dropped, so a slow load of contact A can never replace contact B.
Jobs share one lock, so one `requests.Session` is never used by two threads at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from contact_editor.hubspot.retry import Cancelled, RetryNotice, is_refusal

log = logging.getLogger(__name__)


class JobContext:
    """Handed to each job: waits that show a countdown and can be cancelled (a `Waiter`)."""

    def __init__(self, report: Callable[[RetryNotice], None]) -> None:
        self._report = report
        self._cancelled = threading.Event()
        self._all_refused = True  # every failure so far stored nothing (see `is_refusal`)

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    def wait(self, notice: RetryNotice) -> None:
        self._all_refused = self._all_refused and is_refusal(notice.error)
        if self._cancelled.is_set():
            raise Cancelled(self._all_refused)
        self._report(notice)
        if self._cancelled.wait(notice.seconds):
            raise Cancelled(self._all_refused)


Job = Callable[[JobContext], Any]


class JobWorker(QObject):
    """Calls one job on its thread; emits `succeeded(result)` or `failed(exception)`, then `done()`.
    `waiting(notice)` tells the GUI that the job waits before trying again."""

    succeeded = Signal(int, object)
    failed = Signal(int, object)
    waiting = Signal(int, object)
    done = Signal()  # not "finished": that name belongs to QThread (F15)

    def __init__(self, key: int, job: Job, lock: threading.Lock) -> None:
        super().__init__()
        self.key = key
        self._job = job
        self._lock = lock
        self.context = JobContext(lambda notice: self.waiting.emit(self.key, notice))

    @Slot()
    def run(self) -> None:
        try:
            with self._lock:
                result = self._job(self.context)
        except Exception as exc:  # handed to the GUI thread, which turns it into plain words
            self.failed.emit(self.key, exc)
        else:
            self.succeeded.emit(self.key, result)
        finally:
            self.done.emit()


@dataclass
class _Running:
    kind: str
    generation: int
    thread: QThread
    worker: JobWorker
    delivered: bool = False  # its outcome was handed on (or dropped); the thread may still be ending


class JobRunner(QObject):
    """Starts jobs on threads; delivers the latest job's outcome of each kind in the GUI thread.

    Signals:
        succeeded(kind, generation, result): the newest job of `kind` finished.
        failed(kind, generation, exception): the newest job of `kind` raised.
        waiting(kind, generation, notice): the newest job of `kind` waits to try again.
        idle(): no job is running any more.
    """

    succeeded = Signal(str, int, object)
    failed = Signal(str, int, object)
    waiting = Signal(str, int, object)
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._latest: dict[str, int] = {}
        self._running: dict[int, _Running] = {}
        self._next_id = 0

    def start(self, kind: str, job: Job) -> int:
        """Run `job(context)` on a new thread; returns its generation for `kind`."""
        generation = self._latest.get(kind, 0) + 1
        self._latest[kind] = generation
        self._next_id += 1
        key = self._next_id
        thread = QThread()
        thread.setObjectName(f"{kind}-{generation}")
        worker = JobWorker(key, job, self._lock)
        worker.moveToThread(thread)
        self._running[key] = _Running(kind, generation, thread, worker)
        # Only bound slots of objects living in the GUI thread: the calls are queued to it (F16).
        thread.started.connect(worker.run)
        worker.succeeded.connect(self._on_succeeded)
        worker.failed.connect(self._on_failed)
        worker.waiting.connect(self._on_waiting)
        worker.done.connect(thread.quit)
        thread.finished.connect(self._on_thread_finished)
        thread.start()
        return generation

    def is_running(self, kind: str | None = None) -> bool:
        return any(kind is None or r.kind == kind for r in self._running.values())

    def is_pending(self, kind: str) -> bool:
        """A job of `kind` whose outcome has not come yet. (`is_running` also counts the moments
        between a job's outcome and the end of its thread.)"""
        return any(r.kind == kind and not r.delivered for r in self._running.values())

    def is_current(self, kind: str, generation: int) -> bool:
        return self._latest.get(kind) == generation

    def cancel(self, kind: str) -> None:
        """Cancel the waits of every running job of `kind` (a request under way still ends)."""
        for running in self._running.values():
            if running.kind == kind:
                running.worker.context.cancel()

    def supersede(self, kind: str) -> None:
        """Forget whatever job of `kind` is running: its result will be dropped."""
        self._latest[kind] = self._latest.get(kind, 0) + 1

    def wait_all(self, timeout_ms: int = 60_000) -> bool:
        """Block until every thread has ended (used at shutdown). True when all ended in time."""
        ok = True
        for running in list(self._running.values()):
            ok = running.thread.wait(timeout_ms) and ok
        return ok

    @Slot(int, object)
    def _on_succeeded(self, key: int, result: object) -> None:
        self._deliver(key, result, ok=True)

    @Slot(int, object)
    def _on_failed(self, key: int, exc: object) -> None:
        self._deliver(key, exc, ok=False)

    @Slot(int, object)
    def _on_waiting(self, key: int, notice: object) -> None:
        running = self._running.get(key)
        if running is not None and self.is_current(running.kind, running.generation):
            self.waiting.emit(running.kind, running.generation, notice)

    def _deliver(self, key: int, payload: object, *, ok: bool) -> None:
        running = self._running.get(key)
        if running is not None:
            running.delivered = True
        if running is None or not self.is_current(running.kind, running.generation):
            log.debug("dropping the outcome of a superseded job")
            return
        signal = self.succeeded if ok else self.failed
        signal.emit(running.kind, running.generation, payload)

    @Slot()
    def _on_thread_finished(self) -> None:
        thread = self.sender()
        key = next((k for k, r in self._running.items() if r.thread is thread), None)
        running = self._running.pop(key, None) if key is not None else None
        if running is not None:
            running.worker.deleteLater()
            running.thread.deleteLater()
        if not self._running:
            self.idle.emit()
