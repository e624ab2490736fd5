"""resolve_token (environment first, never stored) and the TokenHolder callable."""

from __future__ import annotations

import threading

import keyring.backends.fail
import pytest
from auth_fakes import DictKeyring

from contact_editor.auth.token_source import (
    ENV_VAR,
    MissingTokenError,
    TokenHolder,
    TokenSource,
    resolve_token,
)
from contact_editor.auth.token_store import (
    MAX_TOKEN_LENGTH,
    InvalidTokenError,
    KeyringTokenStore,
    MemoryTokenStore,
)

ENV_TOKEN = "pat-eu1-env0env0-env0-env0-env0-env0env0env0"
STORED_TOKEN = "pat-na1-stor-stor-stor-stor-storstorstor"
API = "https://api.hubapi.com"


def test_environment_token_wins_and_is_never_stored() -> None:
    backend = DictKeyring()
    backend.entries[("hubspot-contact-editor", API)] = STORED_TOKEN
    store = KeyringTokenStore(API, backend=backend)
    source = resolve_token({ENV_VAR: f" {ENV_TOKEN}\n"}, store)
    assert source == TokenSource(ENV_TOKEN, "environment")
    assert backend.ops("set") == 0  # never written
    assert backend.calls == []  # the store was not even read
    assert backend.entries == {("hubspot-contact-editor", API): STORED_TOKEN}


def test_environment_token_is_not_stored_even_without_a_keyring() -> None:
    store = MemoryTokenStore()
    source = resolve_token({ENV_VAR: ENV_TOKEN}, store)
    assert source is not None and source.origin == "environment"
    assert store.get() is None


def test_blank_environment_variable_is_ignored() -> None:
    store = KeyringTokenStore(API, backend=DictKeyring())
    store.set(STORED_TOKEN)
    assert resolve_token({ENV_VAR: "  "}, store) == TokenSource(STORED_TOKEN, "keyring")


def test_invalid_environment_token_fails_loudly_without_quoting_it() -> None:
    value = "e" * (MAX_TOKEN_LENGTH + 1)
    with pytest.raises(InvalidTokenError) as info:
        resolve_token({ENV_VAR: value}, MemoryTokenStore(STORED_TOKEN))
    assert "eeeeeeeeee" not in str(info.value)


def test_stored_token_origins() -> None:
    assert resolve_token({}, KeyringTokenStore(API, backend=DictKeyring())) is None
    working = KeyringTokenStore(API, backend=DictKeyring())
    working.set(STORED_TOKEN)
    assert resolve_token({}, working) == TokenSource(STORED_TOKEN, "keyring")
    failing = KeyringTokenStore(API, backend=keyring.backends.fail.Keyring())
    assert resolve_token({}, failing) is None
    failing.set(STORED_TOKEN)
    assert resolve_token({}, failing) == TokenSource(STORED_TOKEN, "memory")
    assert resolve_token({}, MemoryTokenStore(STORED_TOKEN)) == TokenSource(STORED_TOKEN, "memory")


def test_token_source_validates_and_hides_the_token() -> None:
    source = TokenSource(f" {STORED_TOKEN} ", "keyring")
    assert source.token == STORED_TOKEN
    assert STORED_TOKEN not in repr(source)
    assert STORED_TOKEN not in str(source)
    assert "keyring" in repr(source)
    with pytest.raises(InvalidTokenError):
        TokenSource("", "memory")


def test_holder_is_the_callable_the_client_takes() -> None:
    holder = TokenHolder(TokenSource(STORED_TOKEN, "keyring"))
    assert holder() == STORED_TOKEN
    assert holder.origin == "keyring"
    holder.replace(f"{ENV_TOKEN}\n")
    assert holder() == ENV_TOKEN
    assert holder.origin == "memory"
    holder.replace(TokenSource(STORED_TOKEN, "environment"))
    assert holder.source == TokenSource(STORED_TOKEN, "environment")
    holder.replace(ENV_TOKEN, "keyring")
    assert holder.origin == "keyring"


def test_holder_without_token_raises_a_clear_error() -> None:
    holder = TokenHolder()
    with pytest.raises(MissingTokenError, match="No access token"):
        holder()
    holder.replace(STORED_TOKEN)
    holder.clear()
    with pytest.raises(MissingTokenError):
        holder()
    assert holder.origin is None


def test_holder_rejects_an_invalid_replacement_and_keeps_the_old_token() -> None:
    holder = TokenHolder(TokenSource(STORED_TOKEN, "keyring"))
    with pytest.raises(InvalidTokenError):
        holder.replace("two words")
    assert holder() == STORED_TOKEN


def test_holder_repr_hides_the_token() -> None:
    holder = TokenHolder(TokenSource(STORED_TOKEN, "keyring"))
    assert repr(holder) == "TokenHolder(origin='keyring')"
    assert STORED_TOKEN not in str(holder)
    assert not hasattr(holder, "__dict__")


def test_holder_can_be_called_from_another_thread_while_replaced() -> None:
    holder = TokenHolder(TokenSource(STORED_TOKEN, "keyring"))
    seen: set[str] = set()
    stop = threading.Event()

    def worker() -> None:
        while not stop.is_set():
            seen.add(holder())

    thread = threading.Thread(target=worker)
    thread.start()
    for _ in range(200):
        holder.replace(ENV_TOKEN)
        holder.replace(STORED_TOKEN)
    stop.set()
    thread.join(timeout=5)
    assert seen <= {STORED_TOKEN, ENV_TOKEN}


def test_holder_can_start_from_a_plain_string() -> None:
    assert TokenHolder(f" {STORED_TOKEN} ")() == STORED_TOKEN
    assert TokenHolder(STORED_TOKEN, "keyring").origin == "keyring"
    assert TokenHolder(STORED_TOKEN).origin == "memory"
    assert TokenHolder(STORED_TOKEN).has_token()
    for nothing in ("", "  ", None):
        holder = TokenHolder(nothing)
        assert not holder.has_token()
        with pytest.raises(MissingTokenError):
            holder()
    with pytest.raises(InvalidTokenError):
        TokenHolder("two words")
