"""The last line of defence: an exception nobody caught, in the GUI thread or any other.

:func:`install_crash_hook` sets ``sys.excepthook`` (exceptions in the main thread, in Qt slots and
in ``QThread.run``) and ``threading.excepthook`` (``threading.Thread``). For each uncaught
exception it

1. logs it with its traceback, redacted (:func:`contact_editor.redaction.redact` with the
   registered secrets), at CRITICAL;
2. calls ``on_crash`` (the window flushes its draft there);
3. shows a plain message box: no traceback, just what happened, that the changes were kept and
   where the details are.

Steps 2 and 3 run in the GUI thread: when the exception happened in another thread and a
QApplication exists, they are queued to it (widgets are never touched from a worker, F16).
Without a QApplication ``on_crash`` runs at once and no box is shown. One box at a time: an
exception while the box is open is logged and ``on_crash`` runs, but no second box appears.

The hook never recurses: if it fails itself, the exception goes to the hook that was there
before (normally Python's, which prints to stderr). KeyboardInterrupt and SystemExit are left to
the previous hooks.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from contact_editor.logs import current_log_path
from contact_editor.redaction import redact, registered_secrets

__all__ = ["crash_message", "install_crash_hook", "uninstall_crash_hook"]

ShowDialog = Callable[[str], None]
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def crash_message(log_path: Path | None) -> str:
    """The sentence the person reads after a crash (plain text, no traceback)."""
    text = QCoreApplication.translate(
        "Crash",
        "Something went wrong inside the app. Your unsaved changes were kept and will be offered "
        "when you open the contact again.",
    )
    if log_path is not None:
        details = QCoreApplication.translate("Crash", "Details were written to {path}.")
        return f"{text} {details.format(path=log_path)}"
    return f"{text} " + QCoreApplication.translate("Crash", "Details were written to the app's log.")


def show_crash_box(text: str) -> None:
    """The default dialog: a modal, plain-text critical message box over the active window."""
    box = QMessageBox(QApplication.activeWindow())
    box.setObjectName("crashMessage")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("Crash", "HubSpot Contact Editor"))
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


class _GuiBridge(QObject):
    """Lives in the GUI thread; a crash in another thread emits `requested` to run there."""

    requested = Signal()

    def __init__(self, run: Callable[[], None]) -> None:
        super().__init__()
        self._run = run
        self.requested.connect(self._on_requested, Qt.ConnectionType.QueuedConnection)

    @Slot()
    def _on_requested(self) -> None:
        self._run()


@dataclass
class _Hook:
    log: logging.Logger
    on_crash: Callable[[], None] | None
    show: ShowDialog | None
    log_path: Path | None
    previous_sys: Callable[[type[BaseException], BaseException, TracebackType | None], Any]
    previous_threading: Callable[[threading.ExceptHookArgs], Any]
    bridge: _GuiBridge | None = None
    dialog_open: bool = False

    def __post_init__(self) -> None:
        self._local = threading.local()
        self._lock = threading.Lock()

    # -- the two hooks --------------------------------------------------------------------------

    def sys_hook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt | SystemExit) or self._flag("logging"):
            self._fallback_sys(exc_type, exc, tb)
            return
        try:
            queued = self._log_and_route((exc_type, exc, tb), threading.current_thread().name)
        except BaseException:
            self._fallback_sys(exc_type, exc, tb)
            return
        if not queued:
            self._after_crash()

    def threading_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit) or self._flag("logging"):
            self._fallback_threading(args)
            return
        try:
            name = args.thread.name if args.thread is not None else "?"
            queued = self._log_and_route((args.exc_type, args.exc_value, args.exc_traceback), name)
        except BaseException:
            self._fallback_threading(args)
            return
        if not queued:
            self._after_crash()

    # -- what a crash does ------------------------------------------------------------------------

    def _flag(self, name: str) -> bool:
        return bool(getattr(self._local, name, False))

    def _log_and_route(self, exc_info: ExcInfo, thread_name: str) -> bool:
        """Log the exception; queue the rest to the GUI thread if this is another thread.
        True when queued. An exception raised here goes to the previous hook."""
        self._local.logging = True
        try:
            text = "".join(traceback.format_exception(*exc_info)).rstrip("\n")
            self.log.critical(
                "Unhandled exception in thread %s:\n%s", thread_name, redact(text, registered_secrets())
            )
            app = QApplication.instance()
            if app is not None and not _in_thread_of(app):
                self._bridge(app).requested.emit()
                return True
            return False
        finally:
            self._local.logging = False

    def _after_crash(self) -> None:
        """Flush (on_crash) and tell the person; in the GUI thread when there is one. Never raises.
        A crash while on_crash runs is only logged; a crash while the box is open gets no box."""
        try:
            if self._flag("flushing"):
                return
            if self.on_crash is not None:
                self._local.flushing = True
                try:
                    self.on_crash()
                except Exception as exc:
                    self.log.error(
                        "Saving the draft after the crash failed:\n%s",
                        redact("".join(traceback.format_exception(exc)), registered_secrets()),
                    )
                finally:
                    self._local.flushing = False
            self._show()
        except BaseException:
            pass

    def _show(self) -> None:
        show = self.show
        if show is None:
            if not isinstance(QApplication.instance(), QApplication):
                return
            show = show_crash_box
        with self._lock:
            if self.dialog_open:
                return
            self.dialog_open = True
        try:
            show(crash_message(self.log_path if self.log_path is not None else current_log_path()))
        except Exception as exc:
            self.log.error("Showing the crash message failed: %s", type(exc).__name__)
        finally:
            self.dialog_open = False

    def _bridge(self, app: QCoreApplication) -> _GuiBridge:
        with self._lock:
            if self.bridge is None:
                bridge = _GuiBridge(self._after_crash)
                if bridge.thread() is not app.thread():
                    bridge.moveToThread(app.thread())
                self.bridge = bridge
            return self.bridge

    def _fallback_sys(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        try:
            self.previous_sys(exc_type, exc, tb)
        except BaseException:
            _last_resort(exc_type, exc, tb)

    def _fallback_threading(self, args: threading.ExceptHookArgs) -> None:
        try:
            self.previous_threading(args)
        except BaseException:
            _last_resort(args.exc_type, args.exc_value, args.exc_traceback)


def _in_thread_of(app: QCoreApplication) -> bool:
    try:
        return QThread.currentThread() == app.thread()
    except RuntimeError:
        return threading.current_thread() is threading.main_thread()


def _last_resort(
    exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None
) -> None:
    """Print a redacted traceback to the real stderr; never raises."""
    try:
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        stream = sys.__stderr__
        if stream is not None:
            stream.write(redact(text, registered_secrets()))
            stream.flush()
    except BaseException:
        pass


_installed: _Hook | None = None


def install_crash_hook(
    log: logging.Logger,
    on_crash: Callable[[], None] | None = None,
    *,
    show: ShowDialog | None = None,
    log_path: Path | None = None,
) -> None:
    """Install the hooks. Call it in the GUI thread, after the QApplication exists (else the
    queue to the GUI thread is made at the first crash in another thread).

    ``show(text)`` displays the message (default: a plain QMessageBox); tests pass their own.
    ``log_path`` is named in the message (default: the file ``setup_logging`` writes to).
    Installing again replaces the earlier install; the fallback stays the hook from before it.
    """
    global _installed
    previous_sys: Any = sys.excepthook
    previous_threading: Any = threading.excepthook
    if _installed is not None:
        if previous_sys == _installed.sys_hook:
            previous_sys = _installed.previous_sys
        if previous_threading == _installed.threading_hook:
            previous_threading = _installed.previous_threading
    hook = _Hook(log, on_crash, show, log_path, previous_sys, previous_threading)
    app = QApplication.instance()
    if app is not None and _in_thread_of(app):
        hook.bridge = _GuiBridge(hook._after_crash)
    _installed = hook
    sys.excepthook = hook.sys_hook
    threading.excepthook = hook.threading_hook


def uninstall_crash_hook() -> None:
    """Put back the hooks that were there before (when ours are still the ones installed)."""
    global _installed
    hook, _installed = _installed, None
    if hook is None:
        return
    if sys.excepthook == hook.sys_hook:
        sys.excepthook = hook.previous_sys
    if threading.excepthook == hook.threading_hook:
        threading.excepthook = hook.previous_threading
    if hook.bridge is not None:
        hook.bridge.deleteLater()
