"""Keyring backends for the auth tests: an in-memory one that records calls, and a failing one.

They subclass keyring's real ``KeyringBackend``. Their ``priority`` raises, so keyring never
picks them on its own (every subclass is registered with keyring's backend registry).
"""

from __future__ import annotations

from collections.abc import Callable

from jaraco.classes import properties
from keyring.backend import KeyringBackend


class DictKeyring(KeyringBackend):
    """A working password store kept in a dict; ``calls`` lists (operation, service, account)."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("test backend: never chosen automatically")

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.calls: list[tuple[str, str, str]] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.calls.append(("get", service, username))
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls.append(("set", service, username))
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        self.calls.append(("delete", service, username))
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")

    def ops(self, op: str) -> int:
        return sum(1 for call in self.calls if call[0] == op)


class FailingKeyring(DictKeyring):
    """Like DictKeyring, but the operations named in ``fail_on`` raise ``make_error(password)``."""

    def __init__(self, make_error: Callable[[str | None], BaseException], fail_on: set[str]) -> None:
        super().__init__()
        self.make_error = make_error
        self.fail_on = fail_on

    def get_password(self, service: str, username: str) -> str | None:
        if "get" in self.fail_on:
            self.calls.append(("get", service, username))
            raise self.make_error(None)
        return super().get_password(service, username)

    def set_password(self, service: str, username: str, password: str) -> None:
        if "set" in self.fail_on:
            self.calls.append(("set", service, username))
            raise self.make_error(password)
        super().set_password(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        if "delete" in self.fail_on:
            self.calls.append(("delete", service, username))
            raise self.make_error(None)
        super().delete_password(service, username)


class PlaintextKeyring(DictKeyring):
    """Named like keyrings.alt's plain-text file backend: the store must refuse it."""
