"""The small dialog that asks for the HubSpot access token and saves it in a TokenStore.

Used on first run and from the "Replace access token" menu item (the caller wires the menu):

    token = ask_for_token(parent, store)   # None if the user cancelled
    if token is not None:
        holder.replace(token, "keyring" if store.status().persistent else "memory")

Object names (for tests and styling): ``tokenExplanation`` (one word-wrapped sentence: what the
token is and where an admin makes one), ``tokenEdit`` (password echo), ``tokenError`` (why the
text cannot be a token), ``tokenWarning`` (shown when the store will not keep the token after the
app closes), ``tokenButtons`` (OK is disabled until the text is a valid token).

If the store looked persistent when the dialog opened but the save then fails, the dialog stays
open once to say so (with only OK left: the token is already kept for this run); the token is
returned either way. The token never appears in any label.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from contact_editor.auth.token_store import (
    InvalidTokenError,
    StoreOutcome,
    TokenStore,
    validate_token,
)

__all__ = ["TokenDialog", "ask_for_token"]


class TokenDialog(QDialog):
    """Asks for a token; on OK saves it with ``store.set`` (see :meth:`saved_token`)."""

    def __init__(self, store: TokenStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._saved: str | None = None
        self.setObjectName("tokenDialog")
        self.setWindowTitle(self.tr("HubSpot access token"))
        self.setModal(True)
        self.setMinimumWidth(460)

        self._explanation = self._label("tokenExplanation", self._explanation_text())
        self._edit = QLineEdit(self)
        self._edit.setObjectName("tokenEdit")
        self._edit.setEchoMode(QLineEdit.EchoMode.Password)
        self._edit.setPlaceholderText(self.tr("Paste the token here"))
        self._edit.setAccessibleName(self.tr("Access token"))
        self._error = self._label("tokenError", "")
        self._error.setVisible(False)
        self._warning = self._label("tokenWarning", "")
        self._warning.setVisible(False)

        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self._buttons.setObjectName("tokenButtons")
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        for widget in (self._explanation, self._edit, self._error, self._warning, self._buttons):
            layout.addWidget(widget)

        self._edit.textChanged.connect(self._check_text)
        self._check_text("")
        self._show_outcome(store.status())

    # ----- texts ---------------------------------------------------------------------------

    def _explanation_text(self) -> str:
        return self.tr(
            "Paste a HubSpot service key or private-app access token with the "
            "crm.objects.contacts.read and crm.objects.contacts.write scopes; a HubSpot admin "
            "creates one under Development \u2192 Keys \u2192 Service keys (legacy private apps: "
            "Settings \u2192 Integrations \u2192 Private apps)."
        )

    def _warning_text(self, outcome: StoreOutcome) -> str:
        if outcome.problem == "no_keyring":
            return self.tr(
                "This computer has no password store available, so the token will be kept only "
                "until you close the app."
            )
        if outcome.problem == "locked":
            return self.tr(
                "The password store is locked, so the token will be kept only until you close the app."
            )
        if outcome.problem == "error":
            return self.tr(
                "The password store could not be used, so the token will be kept only until you "
                "close the app."
            )
        return self.tr("The token will be kept only until you close the app.")

    def _error_text(self, error: InvalidTokenError) -> str:
        if error.reason == "too_long":
            return self.tr("This is too long to be an access token (at most 1000 characters).")
        return self.tr(
            "This cannot be an access token: it contains spaces, line breaks or unusual characters."
        )

    # ----- behaviour -----------------------------------------------------------------------

    def _label(self, name: str, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        label.setWordWrap(True)
        return label

    def _valid_text(self) -> str | None:
        try:
            return validate_token(self._edit.text())
        except InvalidTokenError:
            return None

    def _check_text(self, text: str) -> None:
        message = ""
        try:
            validate_token(text)
        except InvalidTokenError as error:
            if error.reason != "empty":
                message = self._error_text(error)
        self._error.setText(message)
        self._error.setVisible(bool(message))
        ok = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self._valid_text() is not None)

    def _show_outcome(self, outcome: StoreOutcome) -> None:
        self._warning.setText(self._warning_text(outcome) if not outcome.persistent else "")
        self._warning.setVisible(not outcome.persistent)

    def saved_token(self) -> str | None:
        """The token that was saved in the store by this dialog, or None if nothing was."""
        return self._saved

    def accept(self) -> None:
        token = self._valid_text()
        if token is None:
            return
        if token == self._saved:
            super().accept()
            return
        warned = not self._warning.isHidden()
        outcome = self._store.set(token)
        self._saved = token
        self._show_outcome(outcome)
        if outcome.persistent or warned:
            super().accept()
            return
        # The store looked fine but the save failed: say so before closing (the token is kept).
        self._buttons.button(QDialogButtonBox.StandardButton.Cancel).setVisible(False)
        self._edit.setReadOnly(True)


def ask_for_token(parent: QWidget | None, store: TokenStore) -> str | None:
    """Show :class:`TokenDialog` modally; return the token saved in ``store``, or None if cancelled."""
    dialog = TokenDialog(store, parent)
    try:
        dialog.exec()
        return dialog.saved_token()
    finally:
        dialog.deleteLater()
