"""Where the HubSpot access token is kept between runs: the OS password store, via ``keyring``.

No Qt here. The pieces:

* :func:`validate_token` cleans a pasted token (strips surrounding whitespace) and rejects what
  cannot be a token: empty text, more than :data:`MAX_TOKEN_LENGTH` characters (Windows Credential
  Manager fails on large secrets, field report F19), or characters that cannot go into an HTTP
  header (spaces, line breaks, non-ASCII). It raises :class:`InvalidTokenError`, whose message
  never contains the token.
* :class:`TokenStore` is the protocol the rest of the app codes against.
* :class:`KeyringTokenStore` keeps the token in the OS password store, under one entry per API
  base (``account``), so the demo sandbox and real HubSpot never share a token. When the password
  store does not work (field report F17: no Secret Service on a headless Linux, a locked or broken
  store), it keeps the token in memory for this run only and says so through
  :class:`StoreOutcome`; it never falls back to writing plain text anywhere, and refuses
  plaintext backends (``keyrings.alt``'s ``PlaintextKeyring``) outright.
* :class:`MemoryTokenStore` only ever keeps the token for this run.

Problem codes (``StoreOutcome.problem``), stable so the UI can turn them into words:

* ``"no_keyring"`` -- there is no usable password store (``NoKeyringError``, ``InitError``,
  or a plaintext-only backend).
* ``"locked"`` -- the password store is locked and was not unlocked (``KeyringLocked``).
* ``"error"`` -- anything else the backend raised (``PasswordSetError``, D-Bus errors from
  ``secretstorage``/``jeepney``, ``OSError``...).

The token never appears in a repr, a log line or an exception message raised from here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal, Protocol

from contact_editor.redaction import REDACTED, redact, registered_secrets

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

# `keyring` is imported where it is first used: looking up its backends is slow, and the window
# should be on screen first (cold start, issue 5).

__all__ = [
    "DEFAULT_SERVICE",
    "MAX_TOKEN_LENGTH",
    "InvalidTokenError",
    "KeyringTokenStore",
    "MemoryTokenStore",
    "StoreOutcome",
    "StoreProblem",
    "TokenStore",
    "validate_token",
]

_log = logging.getLogger(__name__)

DEFAULT_SERVICE: Final = "hubspot-contact-editor"
MAX_TOKEN_LENGTH: Final = 1000

StoreProblem = Literal["no_keyring", "locked", "error"]
InvalidReason = Literal["empty", "too_long", "invalid_characters"]

_REASON_TEXT: Final[dict[InvalidReason, str]] = {
    "empty": "The access token is empty.",
    "too_long": f"The access token is longer than {MAX_TOKEN_LENGTH} characters.",
    "invalid_characters": "The access token contains spaces, line breaks or non-ASCII characters.",
}


class InvalidTokenError(ValueError):
    """A text that cannot be an access token. ``reason`` is a stable code; the message has no token."""

    def __init__(self, reason: InvalidReason) -> None:
        super().__init__(_REASON_TEXT[reason])
        self.reason: InvalidReason = reason


def validate_token(token: str) -> str:
    """Return ``token`` without surrounding whitespace, or raise :class:`InvalidTokenError`.

    A token is 1..MAX_TOKEN_LENGTH printable ASCII characters without spaces (it goes into an
    ``Authorization: Bearer`` header; a stray character there would make ``requests`` raise an
    error that quotes the header value, token included).
    """
    cleaned = token.strip()
    if not cleaned:
        raise InvalidTokenError("empty")
    if len(cleaned) > MAX_TOKEN_LENGTH:
        raise InvalidTokenError("too_long")
    if not all("!" <= ch <= "~" for ch in cleaned):
        raise InvalidTokenError("invalid_characters")
    return cleaned


@dataclass(frozen=True)
class StoreOutcome:
    """What happened (or would happen) to a token handed to a store.

    ``persistent`` -- it will still be there after the app is closed.
    ``problem`` -- why not, when the password store failed (see the module docstring for codes);
    ``None`` for a store that is in-memory by design.
    """

    persistent: bool
    problem: StoreProblem | None = None


class TokenStore(Protocol):
    """Keeps one access token. Implementations never raise on backend failures."""

    def get(self) -> str | None:
        """The token kept for this account, or None."""
        ...

    def set(self, token: str) -> StoreOutcome:
        """Validate (raises :class:`InvalidTokenError`) and keep ``token``; say whether it persists."""
        ...

    def delete(self) -> None:
        """Forget the token (in memory and, where possible, in the password store)."""
        ...

    def status(self) -> StoreOutcome:
        """Whether a token set now is expected to persist (may probe the backend once, read-only)."""
        ...


class MemoryTokenStore:
    """A store that keeps the token for this run only (tests, or when no password store is wanted)."""

    def __init__(self, token: str | None = None) -> None:
        self._token = validate_token(token) if token is not None else None

    def __repr__(self) -> str:
        return f"MemoryTokenStore(has_token={self._token is not None})"

    def get(self) -> str | None:
        return self._token

    def set(self, token: str) -> StoreOutcome:
        self._token = validate_token(token)
        return StoreOutcome(persistent=False)

    def delete(self) -> None:
        self._token = None

    def status(self) -> StoreOutcome:
        return StoreOutcome(persistent=False)


def _problem_code(exc: Exception) -> StoreProblem:
    import keyring.errors

    if isinstance(exc, keyring.errors.KeyringLocked):
        return "locked"
    if isinstance(exc, keyring.errors.NoKeyringError | keyring.errors.InitError | _PlaintextBackendError):
        return "no_keyring"
    return "error"


def _redact(text: str, secret: str | None) -> str:
    """The backend's error text without the token (nor any other registered secret)."""
    text = redact(text, (*registered_secrets(), *((secret,) if secret else ())))
    return text.replace(secret, REDACTED) if secret else text  # a token too short for redact()


class _PlaintextBackendError(Exception):
    """Raised internally when the only backend would write the token as plain text."""


def _is_plaintext(backend: KeyringBackend) -> bool:
    return "plaintext" in type(backend).__name__.lower()


class KeyringTokenStore:
    """The token in the OS password store, with an in-memory fallback for this run.

    ``account`` names the entry; pass the normalised API base URL so each HubSpot (real, EU,
    sandbox) has its own token. ``service`` is the keyring service name. ``backend`` defaults to
    ``keyring.get_keyring()`` (looked up lazily, errors handled like any other backend error).

    After a failed ``set`` the token is kept in memory and ``get`` returns it for the rest of the
    run; a later successful ``set`` drops the in-memory copy. Backend exceptions (``Exception``
    subclasses, not ``KeyboardInterrupt``/``SystemExit``) are logged by type, with the token
    redacted from their text, and never propagate.
    """

    def __init__(
        self,
        account: str,
        service: str = DEFAULT_SERVICE,
        backend: KeyringBackend | None = None,
    ) -> None:
        if not account or not service:
            raise ValueError("KeyringTokenStore needs a non-empty account and service")
        self.account: Final = account
        self.service: Final = service
        self._backend = backend
        self._fallback: str | None = None
        self._outcome: StoreOutcome | None = None

    def __repr__(self) -> str:
        return (
            f"KeyringTokenStore(account={self.account!r}, service={self.service!r}, "
            f"in_memory={self._fallback is not None})"
        )

    def _keyring(self) -> KeyringBackend:
        import keyring

        backend = self._backend if self._backend is not None else keyring.get_keyring()
        if _is_plaintext(backend):
            raise _PlaintextBackendError("refusing a plaintext keyring backend")
        return backend

    def _failed(self, action: str, exc: Exception, secret: str | None = None) -> StoreOutcome:
        self._outcome = StoreOutcome(persistent=False, problem=_problem_code(exc))
        _log.warning(
            "Password store %s failed (%s): %s",
            action,
            type(exc).__name__,
            _redact(str(exc), secret),
        )
        return self._outcome

    def _succeeded(self) -> StoreOutcome:
        self._outcome = StoreOutcome(persistent=True)
        return self._outcome

    def get(self) -> str | None:
        """The in-memory token of this run if a save failed, else the password store's entry."""
        if self._fallback is not None:
            return self._fallback
        try:
            value = self._keyring().get_password(self.service, self.account)
        except Exception as exc:
            self._failed("read", exc)
            return None
        self._succeeded()
        try:
            return validate_token(value) if value is not None else None
        except InvalidTokenError as exc:
            _log.warning("Ignoring the stored access token: %s", exc)
            return None

    def set(self, token: str) -> StoreOutcome:
        """Save ``token`` in the password store; on failure keep it in memory for this run."""
        cleaned = validate_token(token)
        try:
            self._keyring().set_password(self.service, self.account, cleaned)
        except Exception as exc:
            self._fallback = cleaned
            return self._failed("save", exc, cleaned)
        self._fallback = None
        return self._succeeded()

    def delete(self) -> None:
        """Forget the in-memory token and remove the entry; a missing entry is not an error."""
        import keyring.errors

        self._fallback = None
        try:
            self._keyring().delete_password(self.service, self.account)
        except keyring.errors.PasswordDeleteError:
            return  # nothing stored: already deleted
        except Exception as exc:
            self._failed("delete", exc)

    def status(self) -> StoreOutcome:
        """The outcome of the last backend call; if there was none yet, probe with one read."""
        if self._outcome is None:
            try:
                self._keyring().get_password(self.service, self.account)
            except Exception as exc:
                return self._failed("read", exc)
            return self._succeeded()
        return self._outcome
