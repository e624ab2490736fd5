"""TokenDialog and ask_for_token under pytest-qt (offscreen)."""

from __future__ import annotations

import keyring.backends.fail
import keyring.errors
from auth_fakes import DictKeyring, FailingKeyring
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from contact_editor.auth.token_store import (
    DEFAULT_SERVICE,
    KeyringTokenStore,
    MemoryTokenStore,
    TokenStore,
)
from contact_editor.ui.token_dialog import TokenDialog, ask_for_token

TOKEN = "pat-na1-dlgdlgdl-dlgd-dlgd-dlgd-dlgdlgdlgdlg"
API = "https://api.hubapi.com"


def _open(qtbot: QtBot, store: TokenStore) -> TokenDialog:
    dialog = TokenDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _edit(dialog: TokenDialog) -> QLineEdit:
    edit = dialog.findChild(QLineEdit, "tokenEdit")
    assert edit is not None
    return edit


def _label(dialog: TokenDialog, name: str) -> QLabel:
    label = dialog.findChild(QLabel, name)
    assert label is not None
    return label


def _button(dialog: TokenDialog, which: QDialogButtonBox.StandardButton) -> QPushButton:
    box = dialog.findChild(QDialogButtonBox, "tokenButtons")
    assert box is not None
    return box.button(which)


OK = QDialogButtonBox.StandardButton.Ok
CANCEL = QDialogButtonBox.StandardButton.Cancel


def test_explanation_says_what_the_token_is_and_where_to_make_it(qtbot: QtBot) -> None:
    dialog = _open(qtbot, KeyringTokenStore(API, backend=DictKeyring()))
    label = _label(dialog, "tokenExplanation")
    text = label.text()
    assert label.wordWrap()
    for part in (
        "service key",
        "private-app",
        "crm.objects.contacts.read",
        "crm.objects.contacts.write",
        "Development \u2192 Keys \u2192 Service keys",
        "Settings \u2192 Integrations \u2192 Private apps",
    ):
        assert part in text


def test_token_is_typed_in_password_mode(qtbot: QtBot) -> None:
    dialog = _open(qtbot, MemoryTokenStore())
    assert _edit(dialog).echoMode() == QLineEdit.EchoMode.Password


def test_ok_is_disabled_until_there_is_a_token(qtbot: QtBot) -> None:
    dialog = _open(qtbot, KeyringTokenStore(API, backend=DictKeyring()))
    ok = _button(dialog, OK)
    assert not ok.isEnabled()
    qtbot.keyClicks(_edit(dialog), "   ")
    assert not ok.isEnabled()
    qtbot.keyClicks(_edit(dialog), TOKEN)
    assert ok.isEnabled()
    assert _label(dialog, "tokenError").isHidden()


def test_typing_a_token_and_pressing_ok_stores_it(qtbot: QtBot) -> None:
    backend = DictKeyring()
    dialog = _open(qtbot, KeyringTokenStore(API, backend=backend))
    qtbot.keyClicks(_edit(dialog), f" {TOKEN} ")
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.mouseClick(_button(dialog, OK), Qt.MouseButton.LeftButton)
    assert backend.entries == {(DEFAULT_SERVICE, API): TOKEN}
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.saved_token() == TOKEN


def test_enter_key_accepts(qtbot: QtBot) -> None:
    backend = DictKeyring()
    dialog = _open(qtbot, KeyringTokenStore(API, backend=backend))
    qtbot.keyClicks(_edit(dialog), TOKEN)
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(_edit(dialog), Qt.Key.Key_Return)
    assert backend.ops("set") == 1


def test_cancel_stores_nothing(qtbot: QtBot) -> None:
    backend = DictKeyring()
    dialog = _open(qtbot, KeyringTokenStore(API, backend=backend))
    qtbot.keyClicks(_edit(dialog), TOKEN)
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        qtbot.mouseClick(_button(dialog, CANCEL), Qt.MouseButton.LeftButton)
    assert backend.ops("set") == 0
    assert backend.entries == {}
    assert dialog.saved_token() is None


def test_too_long_text_is_explained_and_cannot_be_saved(qtbot: QtBot) -> None:
    backend = DictKeyring()
    dialog = _open(qtbot, KeyringTokenStore(API, backend=backend))
    _edit(dialog).setText("t" * 1001)
    error = _label(dialog, "tokenError")
    assert error.isVisible()
    assert "1000" in error.text()
    assert "tttttttttt" not in error.text()
    assert not _button(dialog, OK).isEnabled()
    dialog.accept()  # even when forced, nothing invalid is written
    assert backend.ops("set") == 0


def test_no_warning_for_a_working_password_store(qtbot: QtBot) -> None:
    dialog = _open(qtbot, KeyringTokenStore(API, backend=DictKeyring()))
    assert not _label(dialog, "tokenWarning").isVisible()


def test_warning_for_a_computer_without_password_store(qtbot: QtBot) -> None:
    store = KeyringTokenStore(API, backend=keyring.backends.fail.Keyring())
    dialog = _open(qtbot, store)
    warning = _label(dialog, "tokenWarning")
    assert warning.isVisible()
    assert warning.wordWrap()
    assert warning.text() == (
        "This computer has no password store available, so the token will be kept only "
        "until you close the app."
    )
    qtbot.keyClicks(_edit(dialog), TOKEN)
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(_edit(dialog), Qt.Key.Key_Return)
    assert store.get() == TOKEN  # kept for this run


def test_warning_for_a_memory_store(qtbot: QtBot) -> None:
    dialog = _open(qtbot, MemoryTokenStore())
    warning = _label(dialog, "tokenWarning")
    assert warning.isVisible()
    assert "until you close the app" in warning.text()


def test_failed_save_is_reported_before_closing(qtbot: QtBot) -> None:
    backend = FailingKeyring(lambda _p: keyring.errors.KeyringLocked("locked"), {"set"})
    store = KeyringTokenStore(API, backend=backend)
    dialog = _open(qtbot, store)
    assert not _label(dialog, "tokenWarning").isVisible()  # reading worked, so no warning yet
    qtbot.keyClicks(_edit(dialog), TOKEN)
    qtbot.keyClick(_edit(dialog), Qt.Key.Key_Return)
    assert dialog.isVisible()  # stays open once to say the token will not be remembered
    warning = _label(dialog, "tokenWarning")
    assert warning.isVisible()
    assert "locked" in warning.text()
    assert not _button(dialog, CANCEL).isVisible()
    assert dialog.saved_token() == TOKEN
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.mouseClick(_button(dialog, OK), Qt.MouseButton.LeftButton)
    assert backend.ops("set") == 1  # not saved twice
    assert store.get() == TOKEN


def _answer_later(qtbot: QtBot, text: str | None) -> None:
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, TokenDialog):
            QTimer.singleShot(10, answer)  # not shown yet: try again
            return
        if text is None:
            dialog.reject()
        else:
            _edit(dialog).setText(text)
            dialog.accept()

    QTimer.singleShot(0, answer)


def test_ask_for_token_returns_the_saved_token(qtbot: QtBot) -> None:
    backend = DictKeyring()
    _answer_later(qtbot, TOKEN)
    assert ask_for_token(None, KeyringTokenStore(API, backend=backend)) == TOKEN
    assert backend.entries == {(DEFAULT_SERVICE, API): TOKEN}


def test_ask_for_token_returns_none_when_cancelled(qtbot: QtBot) -> None:
    backend = DictKeyring()
    _answer_later(qtbot, None)
    assert ask_for_token(None, KeyringTokenStore(API, backend=backend)) is None
    assert backend.ops("set") == 0
