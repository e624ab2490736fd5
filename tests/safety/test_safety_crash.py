"""install_crash_hook: logs the traceback (redacted), flushes, shows one plain message, never recurses."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from token_scan import find_secret

from contact_editor.logs import setup_logging
from contact_editor.redaction import register_secret
from contact_editor.ui.crash import crash_message, install_crash_hook, uninstall_crash_hook

TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555"
EXPECTED = (
    "Something went wrong inside the app. Your unsaved changes were kept and will be offered when "
    "you open the contact again. Details were written to {path}."
)

pytestmark = pytest.mark.qt_no_exception_capture  # our hook, not pytest-qt's, is in charge


class Recorder:
    """Stands in for on_crash, the dialog and the previous hooks; notes the thread of each call."""

    def __init__(self) -> None:
        self.flushes: list[str] = []
        self.shown: list[tuple[str, str]] = []
        self.previous: list[type[BaseException]] = []
        self.previous_threading: list[type[BaseException]] = []

    def on_crash(self) -> None:
        self.flushes.append(threading.current_thread().name)

    def show(self, text: str) -> None:
        self.shown.append((text, threading.current_thread().name))

    def previous_hook(self, t: type[BaseException], e: BaseException, tb: TracebackType | None) -> None:
        self.previous.append(t)

    def previous_threading_hook(self, args: threading.ExceptHookArgs) -> None:
        self.previous_threading.append(args.exc_type)


@pytest.fixture
def rec(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, clean_root_logger: logging.Logger, qapp: QApplication
) -> Iterator[Recorder]:
    recorder = Recorder()
    monkeypatch.setattr(sys, "excepthook", recorder.previous_hook)
    monkeypatch.setattr(threading, "excepthook", recorder.previous_threading_hook)
    register_secret(TOKEN)
    setup_logging(tmp_path / "logs")
    yield recorder
    uninstall_crash_hook()


def log_text(tmp_path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return (tmp_path / "logs" / "hubspot-contact-editor.log").read_text(encoding="utf-8")


def leak() -> None:
    raise RuntimeError(f"token {TOKEN} rejected")


def test_calling_the_hook_logs_flushes_and_shows_plain_text(rec: Recorder, tmp_path: Path) -> None:
    install_crash_hook(logging.getLogger("contact_editor"), rec.on_crash, show=rec.show)
    try:
        leak()
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    text = log_text(tmp_path)
    assert "Unhandled exception in thread MainThread" in text
    assert "Traceback (most recent call last)" in text
    assert "in leak" in text
    assert "RuntimeError: token [redacted] rejected" in text
    assert rec.flushes == ["MainThread"]
    path = tmp_path / "logs" / "hubspot-contact-editor.log"
    assert rec.shown == [(EXPECTED.format(path=path), "MainThread")]
    assert "Traceback" not in rec.shown[0][0] and TOKEN not in rec.shown[0][0]
    assert rec.previous == []
    assert find_secret([tmp_path], TOKEN) == []


def test_an_exception_in_a_slot(rec: Recorder, tmp_path: Path, qtbot: QtBot) -> None:
    install_crash_hook(logging.getLogger("contact_editor"), rec.on_crash, show=rec.show)
    QTimer.singleShot(0, leak)
    qtbot.waitUntil(lambda: len(rec.shown) == 1, timeout=5000)
    assert rec.flushes == ["MainThread"]
    assert "in leak" in log_text(tmp_path)
    assert find_secret([tmp_path], TOKEN) == []


def test_an_exception_in_a_python_thread_is_handled_in_the_gui_thread(
    rec: Recorder, tmp_path: Path, qtbot: QtBot
) -> None:
    install_crash_hook(logging.getLogger("contact_editor"), rec.on_crash, show=rec.show)
    worker = threading.Thread(target=leak, name="save-worker")
    worker.start()
    worker.join(5)
    qtbot.waitUntil(lambda: len(rec.shown) == 1, timeout=5000)
    assert rec.flushes == ["MainThread"]
    assert rec.shown[0][1] == "MainThread"
    assert "Unhandled exception in thread save-worker" in log_text(tmp_path)
    assert rec.previous_threading == []
    assert find_secret([tmp_path], TOKEN) == []


class Exploding(QThread):
    def run(self) -> None:
        leak()


def test_an_exception_in_qthread_run_is_handled_in_the_gui_thread(
    rec: Recorder, tmp_path: Path, qtbot: QtBot
) -> None:
    install_crash_hook(logging.getLogger("contact_editor"), rec.on_crash, show=rec.show)
    thread = Exploding()
    with qtbot.waitSignal(thread.finished, timeout=5000):
        thread.start()
    thread.wait()
    qtbot.waitUntil(lambda: len(rec.shown) == 1, timeout=5000)
    assert rec.flushes == ["MainThread"]
    assert rec.shown[0][1] == "MainThread"
    assert "RuntimeError: token [redacted] rejected" in log_text(tmp_path)


def test_a_failing_on_crash_is_logged_and_the_message_still_shown(rec: Recorder, tmp_path: Path) -> None:
    def bad_flush() -> None:
        raise OSError(f"disk full while writing {TOKEN}")

    install_crash_hook(logging.getLogger("contact_editor"), bad_flush, show=rec.show)
    try:
        leak()
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    text = log_text(tmp_path)
    assert "Saving the draft after the crash failed" in text
    assert "OSError: disk full while writing [redacted]" in text
    assert len(rec.shown) == 1
    assert rec.previous == []


def test_a_failure_inside_the_hook_falls_back_to_the_previous_hook(
    rec: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = logging.getLogger("contact_editor.broken")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("logging is broken")

    monkeypatch.setattr(log, "critical", broken)
    install_crash_hook(log, rec.on_crash, show=rec.show)
    try:
        leak()
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    assert rec.previous == [RuntimeError]
    assert rec.flushes == [] and rec.shown == []


def test_a_crash_inside_on_crash_does_not_recurse(rec: Recorder, tmp_path: Path) -> None:
    calls: list[int] = []

    def crashing_flush() -> None:
        calls.append(1)
        try:
            raise ValueError("second failure")
        except ValueError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]  # as a slot would

    install_crash_hook(logging.getLogger("contact_editor"), crashing_flush, show=rec.show)
    try:
        leak()
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    assert calls == [1]
    assert len(rec.shown) == 1
    assert "ValueError: second failure" in log_text(tmp_path)


def test_a_crash_while_the_message_is_open_shows_no_second_message(rec: Recorder, tmp_path: Path) -> None:
    shown: list[str] = []

    def show_and_crash_again(text: str) -> None:
        shown.append(text)
        if len(shown) == 1:
            try:
                raise KeyError("while the box was open")
            except KeyError:
                sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]

    install_crash_hook(logging.getLogger("contact_editor"), rec.on_crash, show=show_and_crash_again)
    try:
        leak()
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    assert len(shown) == 1
    assert rec.flushes == ["MainThread", "MainThread"]
    assert "while the box was open" in log_text(tmp_path)


def test_keyboard_interrupt_and_system_exit_go_to_the_previous_hooks(rec: Recorder) -> None:
    install_crash_hook(logging.getLogger("contact_editor"), rec.on_crash, show=rec.show)
    sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    worker = threading.Thread(target=sys.exit)
    worker.start()
    worker.join(5)
    assert rec.previous == [KeyboardInterrupt]
    assert rec.previous_threading == [SystemExit]
    assert rec.flushes == [] and rec.shown == []


def test_install_twice_keeps_the_original_fallback_and_uninstall_restores(rec: Recorder) -> None:
    install_crash_hook(logging.getLogger("contact_editor"))
    install_crash_hook(logging.getLogger("contact_editor"), rec.on_crash, show=rec.show)
    uninstall_crash_hook()
    assert sys.excepthook == rec.previous_hook
    assert threading.excepthook == rec.previous_threading_hook


def test_the_real_message_box_is_plain_and_modal(rec: Recorder, tmp_path: Path, qtbot: QtBot) -> None:
    install_crash_hook(logging.getLogger("contact_editor"), rec.on_crash)
    seen: list[QMessageBox] = []

    def close_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box)
            box.accept()
        else:
            QTimer.singleShot(20, close_box)

    QTimer.singleShot(0, close_box)
    try:
        leak()
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    assert len(seen) == 1
    box = seen[0]
    assert box.objectName() == "crashMessage"
    assert box.text() == EXPECTED.format(path=tmp_path / "logs" / "hubspot-contact-editor.log")
    assert box.textFormat().name == "PlainText"
    assert box.detailedText() == ""
    assert rec.flushes == ["MainThread"]


def test_message_without_a_log_file() -> None:
    assert crash_message(None).endswith("Details were written to the app's log.")
