"""TokenStore behaviour: validation, the keyring store with working and failing backends, memory."""

from __future__ import annotations

import logging

import keyring
import keyring.backends.fail
import keyring.errors
import pytest
from auth_fakes import DictKeyring, FailingKeyring, PlaintextKeyring

from contact_editor.auth.token_store import (
    DEFAULT_SERVICE,
    MAX_TOKEN_LENGTH,
    InvalidTokenError,
    KeyringTokenStore,
    MemoryTokenStore,
    StoreOutcome,
    validate_token,
)

TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555"
SANDBOX = "http://127.0.0.1:8765"
REAL = "https://api.hubapi.com"


# ----- validation -------------------------------------------------------------------------------


def test_validate_strips_surrounding_whitespace() -> None:
    assert validate_token(f"  {TOKEN}\n") == TOKEN


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_validate_rejects_empty(text: str) -> None:
    with pytest.raises(InvalidTokenError) as info:
        validate_token(text)
    assert info.value.reason == "empty"


def test_validate_accepts_exactly_the_limit_and_rejects_longer() -> None:
    at_limit = "a" * MAX_TOKEN_LENGTH
    assert validate_token(at_limit) == at_limit
    too_long = "b" * (MAX_TOKEN_LENGTH + 1)
    with pytest.raises(InvalidTokenError) as info:
        validate_token(too_long)
    assert info.value.reason == "too_long"
    assert isinstance(info.value, ValueError)
    assert "b" * 20 not in str(info.value)


@pytest.mark.parametrize("text", ["pat na1", "pat\nna1", "pat-na1-\u00e9t\u00e9", "pat\x00x"])
def test_validate_rejects_characters_a_header_cannot_carry(text: str) -> None:
    with pytest.raises(InvalidTokenError) as info:
        validate_token(text)
    assert info.value.reason == "invalid_characters"
    assert text not in str(info.value)


# ----- memory store -----------------------------------------------------------------------------


def test_memory_store_keeps_the_token_for_this_run_only() -> None:
    store = MemoryTokenStore()
    assert store.get() is None
    assert store.status() == StoreOutcome(persistent=False, problem=None)
    assert store.set(f" {TOKEN} ") == StoreOutcome(persistent=False, problem=None)
    assert store.get() == TOKEN
    store.delete()
    assert store.get() is None


def test_memory_store_rejects_invalid_tokens_and_keeps_the_old_one() -> None:
    store = MemoryTokenStore(TOKEN)
    with pytest.raises(InvalidTokenError):
        store.set("x" * (MAX_TOKEN_LENGTH + 1))
    assert store.get() == TOKEN


# ----- keyring store, working backend -----------------------------------------------------------


def test_keyring_store_round_trips_through_the_backend() -> None:
    backend = DictKeyring()
    store = KeyringTokenStore(SANDBOX, backend=backend)
    assert store.get() is None
    outcome = store.set(f"{TOKEN}\n")
    assert outcome == StoreOutcome(persistent=True, problem=None)
    assert backend.entries == {(DEFAULT_SERVICE, SANDBOX): TOKEN}
    assert store.status().persistent
    # A new store (as in the next run) reads it back from the backend.
    assert KeyringTokenStore(SANDBOX, backend=backend).get() == TOKEN


def test_each_api_base_has_its_own_entry() -> None:
    backend = DictKeyring()
    sandbox = KeyringTokenStore(SANDBOX, backend=backend)
    real = KeyringTokenStore(REAL, backend=backend)
    sandbox.set("demo-token")
    assert real.get() is None
    real.set(TOKEN)
    assert sandbox.get() == "demo-token"
    assert real.get() == TOKEN


def test_custom_service_name_is_used() -> None:
    backend = DictKeyring()
    KeyringTokenStore(REAL, service="other-app", backend=backend).set(TOKEN)
    assert backend.entries == {("other-app", REAL): TOKEN}


def test_delete_removes_the_entry_and_tolerates_a_missing_one() -> None:
    backend = DictKeyring()
    store = KeyringTokenStore(REAL, backend=backend)
    store.set(TOKEN)
    store.delete()
    assert backend.entries == {}
    store.delete()  # nothing stored: no error
    assert store.get() is None


def test_invalid_token_is_not_written() -> None:
    backend = DictKeyring()
    store = KeyringTokenStore(REAL, backend=backend)
    with pytest.raises(InvalidTokenError):
        store.set("   ")
    assert backend.ops("set") == 0


def test_an_unusable_stored_value_reads_as_no_token() -> None:
    backend = DictKeyring()
    backend.entries[(DEFAULT_SERVICE, REAL)] = "has a space"
    assert KeyringTokenStore(REAL, backend=backend).get() is None


def test_empty_account_is_refused() -> None:
    with pytest.raises(ValueError):
        KeyringTokenStore("", backend=DictKeyring())


def test_default_backend_is_keyrings_current_one(monkeypatch: pytest.MonkeyPatch) -> None:
    backend = DictKeyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    store = KeyringTokenStore(REAL)
    assert store.set(TOKEN).persistent
    assert backend.entries == {(DEFAULT_SERVICE, REAL): TOKEN}


# ----- keyring store, failing backends ----------------------------------------------------------


def test_fail_backend_keeps_the_token_in_memory_for_this_run() -> None:
    store = KeyringTokenStore(REAL, backend=keyring.backends.fail.Keyring())
    assert store.get() is None
    assert store.status() == StoreOutcome(persistent=False, problem="no_keyring")
    outcome = store.set(TOKEN)
    assert outcome == StoreOutcome(persistent=False, problem="no_keyring")
    assert store.get() == TOKEN  # usable for the rest of this run
    # Nothing survived anywhere: the next run has no token.
    assert KeyringTokenStore(REAL, backend=keyring.backends.fail.Keyring()).get() is None


def test_status_probes_a_fresh_store_without_writing() -> None:
    working = DictKeyring()
    assert KeyringTokenStore(REAL, backend=working).status() == StoreOutcome(True, None)
    assert working.ops("set") == 0
    failing = KeyringTokenStore(REAL, backend=keyring.backends.fail.Keyring())
    assert failing.status() == StoreOutcome(False, "no_keyring")


@pytest.mark.parametrize(
    ("error", "problem"),
    [
        (keyring.errors.NoKeyringError("none"), "no_keyring"),
        (keyring.errors.InitError("Failed to create the collection: Prompt dismissed."), "no_keyring"),
        (keyring.errors.KeyringLocked("Failed to unlock the collection!"), "locked"),
        (keyring.errors.PasswordSetError("The stub received bad data"), "error"),
        (OSError(1783, "The stub received bad data"), "error"),
        (type("DBusErrorResponse", (Exception,), {})("org.freedesktop.DBus.Error.NoReply"), "error"),
    ],
)
def test_set_failures_map_to_a_problem_code(error: Exception, problem: str) -> None:
    backend = FailingKeyring(lambda _password: error, {"set"})
    store = KeyringTokenStore(REAL, backend=backend)
    outcome = store.set(TOKEN)
    assert not outcome.persistent
    assert outcome.problem == problem
    assert store.get() == TOKEN
    assert store.status() == outcome


def test_a_later_successful_save_drops_the_memory_copy() -> None:
    backend = FailingKeyring(lambda _p: keyring.errors.KeyringLocked("locked"), {"set"})
    store = KeyringTokenStore(REAL, backend=backend)
    store.set("first-token")
    backend.fail_on = set()
    assert store.set("second-token").persistent
    backend.entries.clear()
    assert store.get() is None  # read from the backend again, not from memory


def test_read_failure_gives_no_token_and_a_problem() -> None:
    backend = FailingKeyring(lambda _p: keyring.errors.KeyringLocked("locked"), {"get"})
    store = KeyringTokenStore(REAL, backend=backend)
    assert store.get() is None
    assert store.status() == StoreOutcome(persistent=False, problem="locked")


def test_delete_failure_is_reported_not_raised() -> None:
    backend = FailingKeyring(lambda _p: RuntimeError("dbus went away"), {"delete"})
    store = KeyringTokenStore(REAL, backend=backend)
    store.delete()
    assert store.status() == StoreOutcome(persistent=False, problem="error")


def test_default_backend_lookup_failure_is_handled(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise keyring.errors.InitError("cannot load backend")

    monkeypatch.setattr(keyring, "get_keyring", broken)
    store = KeyringTokenStore(REAL)
    assert store.set(TOKEN) == StoreOutcome(persistent=False, problem="no_keyring")
    assert store.get() == TOKEN


def test_plaintext_backend_is_refused() -> None:
    backend = PlaintextKeyring()
    store = KeyringTokenStore(REAL, backend=backend)
    assert store.set(TOKEN) == StoreOutcome(persistent=False, problem="no_keyring")
    assert backend.calls == []
    assert store.get() == TOKEN


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, SystemExit])
def test_interrupts_are_never_swallowed(interrupt: type[BaseException]) -> None:
    backend = FailingKeyring(lambda _p: interrupt(), {"get", "set", "delete"})
    store = KeyringTokenStore(REAL, backend=backend)
    with pytest.raises(interrupt):
        store.set(TOKEN)
    with pytest.raises(interrupt):
        store.get()
    with pytest.raises(interrupt):
        store.delete()


def test_failures_are_logged_by_type(caplog: pytest.LogCaptureFixture) -> None:
    backend = keyring.backends.fail.Keyring()
    with caplog.at_level(logging.WARNING, logger="contact_editor.auth.token_store"):
        KeyringTokenStore(REAL, backend=backend).set(TOKEN)
    assert "NoKeyringError" in caplog.text
