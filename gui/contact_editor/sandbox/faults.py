"""Test hooks that bend the sandbox's timing and answers: latency, held requests, canned failures.

One condition variable guards all state, so `stop()` can wake every waiting request at once.
Order for each request: held (until released or stopped) -> latency -> canned failure or drop.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class Gate:
    """Requests matching (method, path prefix) that arrive while the gate is closed wait for it.

    Created by `Sandbox.hold()`. `release()` lets every waiting and future request through; a
    released gate never closes again.
    """

    def __init__(self, cond: threading.Condition, method: str, path_prefix: str) -> None:
        self._cond = cond
        self.method = method.upper()
        self.path_prefix = path_prefix
        self._released = False
        self._waiting = 0

    def matches(self, method: str, path: str) -> bool:
        return method.upper() == self.method and path.startswith(self.path_prefix)

    @property
    def released(self) -> bool:
        with self._cond:
            return self._released

    @property
    def waiting(self) -> int:
        """How many requests are waiting at this gate now."""
        with self._cond:
            return self._waiting

    def release(self) -> None:
        with self._cond:
            self._released = True
            self._cond.notify_all()

    def wait_for_waiting(self, count: int = 1, timeout: float = 5.0) -> bool:
        """Block until at least `count` requests wait here; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: self._waiting >= count, timeout=timeout)

    def _enter(self) -> None:
        self._waiting += 1

    def _leave(self) -> None:
        self._waiting -= 1

    def __enter__(self) -> Gate:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()


@dataclass
class CannedAnswer:
    """What to send instead of the real answer: a body (JSON object or raw text), or nothing at all."""

    status: int
    body: Mapping[str, Any] | str | None
    headers: Mapping[str, str] = field(default_factory=dict)
    drop: bool = False


@dataclass
class _Rule:
    method: str
    path_prefix: str
    answer: CannedAnswer
    remaining: int

    def matches(self, method: str, path: str) -> bool:
        return method.upper() == self.method and path.startswith(self.path_prefix)


class Faults:
    """Latency, gates and canned answers, shared by all request threads."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._latency = 0.0
        self._gates: list[Gate] = []
        self._rules: list[_Rule] = []
        self._stopped = False

    @property
    def latency(self) -> float:
        with self._cond:
            return self._latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("latency must be >= 0")
        with self._cond:
            self._latency = float(seconds)

    def hold(self, method: str, path_prefix: str = "") -> Gate:
        with self._cond:
            gate = Gate(self._cond, method, path_prefix)
            self._gates.append(gate)
            return gate

    def add_rule(self, method: str, path_prefix: str, answer: CannedAnswer, count: int) -> None:
        if count < 1:
            raise ValueError("count must be >= 1")
        with self._cond:
            self._rules.append(_Rule(method.upper(), path_prefix, answer, count))

    def clear(self) -> None:
        """Forget canned answers and release all gates; latency goes back to 0."""
        with self._cond:
            self._rules.clear()
            self._latency = 0.0
            for gate in self._gates:
                gate._released = True
            self._gates.clear()
            self._cond.notify_all()

    def stop(self) -> None:
        """Wake every waiting request for good: gates and latency no longer block."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def before_answer(self, method: str, path: str) -> CannedAnswer | None:
        """Wait as the hooks say, then return a canned answer to use instead, if any."""
        with self._cond:
            self._wait_at_gates(method, path)
            if self._latency > 0 and not self._stopped:
                self._cond.wait_for(lambda: self._stopped, timeout=self._latency)
            return self._take_rule(method, path)

    def _wait_at_gates(self, method: str, path: str) -> None:
        self._gates = [g for g in self._gates if not g._released]
        gates = [g for g in self._gates if g.matches(method, path)]
        if not gates:
            return
        for gate in gates:
            gate._enter()
        self._cond.notify_all()
        try:
            self._cond.wait_for(lambda: self._stopped or all(g._released for g in gates))
        finally:
            for gate in gates:
                gate._leave()

    def _take_rule(self, method: str, path: str) -> CannedAnswer | None:
        for rule in self._rules:
            if rule.matches(method, path):
                rule.remaining -= 1
                if rule.remaining == 0:
                    self._rules.remove(rule)
                return rule.answer
        return None
