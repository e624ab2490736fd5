"""First run without a token: the window asks for one, keeps it in the password store, and uses it."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QLineEdit
from window_driver import load, status_text

from contact_editor.app import create_window
from contact_editor.sandbox import DEMO_TOKEN, Sandbox


class _RecordingKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


@pytest.fixture
def recording_keyring() -> Iterator[_RecordingKeyring]:
    previous = keyring.get_keyring()
    backend = _RecordingKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def _answer_token_dialog(qtbot, token: str, seen: dict) -> None:  # type: ignore[no-untyped-def]
    """When the modal token dialog is up, note what it says, type the token and press OK."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, answer)
            return
        warning = dialog.findChild(QLabel, "tokenWarning")
        seen["warning"] = warning.text() if warning is not None and warning.isVisibleTo(dialog) else ""
        seen["explanation"] = dialog.findChild(QLabel, "tokenExplanation").text()
        edit = dialog.findChild(QLineEdit, "tokenEdit")
        seen["echo"] = edit.echoMode()
        qtbot.keyClicks(edit, token)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)


def test_first_run_asks_for_the_token_and_stores_it(
    qtbot, monkeypatch, sandbox: Sandbox, recording_keyring
) -> None:
    monkeypatch.delenv("HUBSPOT_ACCESS_TOKEN", raising=False)
    seen: dict = {}
    _answer_token_dialog(qtbot, DEMO_TOKEN, seen)
    win = create_window(["--api-base", sandbox.url])
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: "echo" in seen and QApplication.activeModalWidget() is None, timeout=10_000)
    assert seen["echo"] == QLineEdit.EchoMode.Password
    assert "crm.objects.contacts.write" in seen["explanation"]
    assert seen["warning"] == ""
    assert recording_keyring.entries == {("hubspot-contact-editor", sandbox.url): DEMO_TOKEN}
    load(qtbot, win, "512")
    assert "512 loaded" in status_text(win)


def test_without_a_password_store_the_token_is_kept_for_this_run_only(
    qtbot, monkeypatch, sandbox: Sandbox
) -> None:
    monkeypatch.delenv("HUBSPOT_ACCESS_TOKEN", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        seen: dict = {}
        _answer_token_dialog(qtbot, DEMO_TOKEN, seen)
        win = create_window(["--api-base", sandbox.url])
        qtbot.addWidget(win)
        win.show()
        qtbot.waitUntil(lambda: "echo" in seen and QApplication.activeModalWidget() is None, timeout=10_000)
        assert "until you close the app" in seen["warning"]
        load(qtbot, win, "512")
        assert "512 loaded" in status_text(win)
    finally:
        keyring.set_keyring(previous)


def test_an_environment_token_is_used_and_never_stored(
    qtbot, monkeypatch, sandbox: Sandbox, recording_keyring
) -> None:
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", DEMO_TOKEN)
    win = create_window(["--api-base", sandbox.url])
    qtbot.addWidget(win)
    win.show()
    load(qtbot, win, "512")
    assert "512 loaded" in status_text(win)
    assert recording_keyring.entries == {}
