"""Which access token the app uses this run, and a callable that hands it to the HubSpot client.

No Qt here.

* :func:`resolve_token` picks the token at start-up: ``HUBSPOT_ACCESS_TOKEN`` from the environment
  wins (for automation; it is never written to any store, and the store is not even read), else
  whatever the :class:`~contact_editor.auth.token_store.TokenStore` has. ``None`` means the app
  should ask the user (``contact_editor.ui.token_dialog.ask_for_token``).
* :class:`TokenSource` is a token plus where it came from: ``"environment"``, ``"keyring"`` (the
  OS password store) or ``"memory"`` (kept for this run only).
* :class:`TokenHolder` is what ``HubSpotClient(api_base, token=holder)`` calls before every
  request. ``replace`` swaps the token after the user enters a new one (401, field report F11), so
  the next request uses it without rebuilding the client.

Nothing here puts the token in a repr, a str or an exception message. Every token that becomes a
:class:`TokenSource` (so every token the app uses) is registered with
:func:`contact_editor.redaction.register_secret`, so the log filter and error texts hide it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

from contact_editor.auth.token_store import TokenStore, validate_token
from contact_editor.redaction import register_secret

__all__ = [
    "ENV_VAR",
    "MissingTokenError",
    "TokenHolder",
    "TokenOrigin",
    "TokenSource",
    "resolve_token",
]

ENV_VAR: Final = "HUBSPOT_ACCESS_TOKEN"

TokenOrigin = Literal["environment", "keyring", "memory"]


@dataclass(frozen=True)
class TokenSource:
    """A validated token and where it came from. Its repr shows only the origin."""

    token: str = field(repr=False)
    origin: TokenOrigin

    def __post_init__(self) -> None:
        object.__setattr__(self, "token", validate_token(self.token))
        register_secret(self.token)  # from now on, logs and messages hide it (redaction.py)


def resolve_token(env: Mapping[str, str], store: TokenStore) -> TokenSource | None:
    """The token to use now: the environment's, else the store's, else None.

    An ``HUBSPOT_ACCESS_TOKEN`` that is set but blank is ignored. One that is set but not a valid
    token raises :class:`~contact_editor.auth.token_store.InvalidTokenError` (automation should
    fail loudly rather than fall back to another token); its message names the variable, never
    the value. The origin of a stored token is ``"keyring"`` when the store persists it and
    ``"memory"`` otherwise.
    """
    from_env = env.get(ENV_VAR, "")
    if from_env.strip():
        return TokenSource(validate_token(from_env), "environment")
    stored = store.get()
    if stored is None:
        return None
    origin: TokenOrigin = "keyring" if store.status().persistent else "memory"
    return TokenSource(stored, origin)


class MissingTokenError(RuntimeError):
    """The HubSpot client asked for a token before one was entered."""

    def __init__(self) -> None:
        super().__init__("No access token has been entered yet.")


class TokenHolder:
    """The current token, as a zero-argument callable for ``HubSpotClient``.

    Safe to call from worker threads while the GUI thread calls :meth:`replace`: the state is
    one immutable :class:`TokenSource` swapped by a single assignment.
    """

    __slots__ = ("_source",)

    def __init__(self, initial: TokenSource | str | None = None, origin: TokenOrigin = "memory") -> None:
        """Start with ``initial``: a TokenSource, a token str (given ``origin``), or none.

        A blank str means "no token yet", like None; any other str is validated.
        """
        self._source: TokenSource | None = None
        if isinstance(initial, TokenSource) or (initial is not None and initial.strip()):
            self.replace(initial, origin)

    def __repr__(self) -> str:
        origin = self._source.origin if self._source is not None else None
        return f"TokenHolder(origin={origin!r})"

    def __call__(self) -> str:
        """The token; raises :class:`MissingTokenError` when there is none yet."""
        source = self._source
        if source is None:
            raise MissingTokenError()
        return source.token

    def has_token(self) -> bool:
        """Whether a call would return a token (False before one is entered)."""
        return self._source is not None

    @property
    def source(self) -> TokenSource | None:
        """The current token and its origin (``None`` before one is known)."""
        return self._source

    @property
    def origin(self) -> TokenOrigin | None:
        """Where the current token came from, for display ("from the environment")."""
        return self._source.origin if self._source is not None else None

    def replace(self, token: str | TokenSource, origin: TokenOrigin = "memory") -> None:
        """Use ``token`` from now on (validated; a plain str gets ``origin``, default "memory")."""
        if isinstance(token, TokenSource):
            self._source = token
        else:
            self._source = TokenSource(validate_token(token), origin)

    def clear(self) -> None:
        """Forget the token (the next call raises :class:`MissingTokenError`)."""
        self._source = None
