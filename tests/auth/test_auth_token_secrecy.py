"""The token never shows up in output, logs, reprs, exception messages or dialog texts."""

from __future__ import annotations

import logging
import uuid

import keyring.backends.fail
import keyring.errors
import pytest
from auth_fakes import DictKeyring, FailingKeyring
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from contact_editor.auth.token_source import ENV_VAR, TokenHolder, TokenSource, resolve_token
from contact_editor.auth.token_store import (
    InvalidTokenError,
    KeyringTokenStore,
    MemoryTokenStore,
)
from contact_editor.ui.token_dialog import TokenDialog

SECRET = f"pat-na1-secret-{uuid.uuid4().hex}"
API = "https://api.hubapi.com"


def _texts_of(dialog: QWidget) -> list[str]:
    texts = [dialog.windowTitle(), dialog.toolTip()]
    for widget in dialog.findChildren(QWidget):
        texts += [widget.toolTip(), widget.accessibleName(), widget.whatsThis(), widget.statusTip()]
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts += [widget.displayText(), widget.placeholderText()]
    return texts


def _exercise_stores(shown: list[str]) -> None:
    def leaky_error(password: str | None) -> Exception:
        # A backend whose own message quotes the secret: our log line must not.
        return keyring.errors.PasswordSetError(f"could not store {password!r} ({password})")

    stores: list[KeyringTokenStore | MemoryTokenStore] = [
        KeyringTokenStore(API, backend=DictKeyring()),
        KeyringTokenStore(API, backend=keyring.backends.fail.Keyring()),
        KeyringTokenStore(API, backend=FailingKeyring(leaky_error, {"set"})),
        MemoryTokenStore(),
    ]
    for store in stores:
        outcome = store.set(SECRET)
        assert store.get() == SECRET
        shown += [repr(store), str(store), repr(outcome), repr(store.status())]
        source = resolve_token({}, store)
        holder = TokenHolder(source)
        assert holder() == SECRET
        shown += [repr(source), str(source), repr(holder), str(holder)]
        store.delete()

    for bad in (f"{SECRET} extra", SECRET * 30, f"{SECRET}\u00e9"):
        with pytest.raises(InvalidTokenError) as info:
            MemoryTokenStore().set(bad)
        shown += [str(info.value), repr(info.value), *map(str, info.value.args)]
        with pytest.raises(InvalidTokenError) as info:
            resolve_token({ENV_VAR: bad}, MemoryTokenStore())
        shown += [str(info.value), repr(info.value)]

    env_source = resolve_token({ENV_VAR: SECRET}, MemoryTokenStore())
    shown += [repr(env_source), repr(TokenSource(SECRET, "keyring"))]


def test_token_never_appears_anywhere(
    qtbot: QtBot, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    shown: list[str] = []
    with caplog.at_level(logging.DEBUG):
        _exercise_stores(shown)
        for store in (
            KeyringTokenStore(API, backend=keyring.backends.fail.Keyring()),
            KeyringTokenStore(API, backend=DictKeyring()),
        ):
            dialog = TokenDialog(store)
            qtbot.addWidget(dialog)
            dialog.show()
            qtbot.keyClicks(dialog.findChild(QLineEdit, "tokenEdit"), SECRET)
            shown += _texts_of(dialog)
            dialog.accept()
            shown += _texts_of(dialog)
            assert dialog.saved_token() == SECRET

    assert caplog.records, "the failing backends should have been logged"
    shown += [record.getMessage() for record in caplog.records]
    shown += [caplog.text]
    out, err = capfd.readouterr()
    shown += [out, err]
    leaks = [text for text in shown if SECRET in text or SECRET[8:] in text]
    assert not leaks, f"{len(leaks)} text(s) contain the token"
