"""Test hooks that bend the sandbox's timing and answers: latency, held requests, canned failures.

One condition variable guards all state, so `stop()` can wake every waiting request at once.
Order for each request: held (until released or stopped) -> latency -> canned answer, if any.

Fault kinds (each for the next N requests matching a method and a path prefix; method "*" = any):
  fail      answer with a given status and body (JSON object or text) instead of the real answer
  drop      close the connection without answering (the request is not processed)
  truncate  process the request for real (a PATCH is applied), send the headers with the full
            Content-Length but only half the body, then close the connection
  garble    answer 200 with a body that is not JSON while Content-Type says JSON (not processed)

`parse_fault_spec` reads the command-line form and `FaultSpec.from_json` the admin endpoint's.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

FAULT_KINDS = ("fail", "drop", "truncate", "garble")
ANY_METHOD = "*"

# The default body of a garbled answer: what a captive portal or a misconfigured proxy might send.
GARBLED_BODY = (
    "<!DOCTYPE html><html><head><title>Network login</title></head>"
    "<body><p>Sign in to continue.</p></body></html>"
)
GARBLED_CONTENT_TYPE = "application/json;charset=utf-8"


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
        return self.method in (ANY_METHOD, method.upper()) and path.startswith(self.path_prefix)

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
    """What to send instead of the real answer: a body (JSON object or raw text; None = a generic
    HubSpot-shaped error envelope carrying the request's correlation ID), or nothing at all (`drop`),
    or the real answer cut short (`truncate`)."""

    status: int
    body: Mapping[str, Any] | str | None
    headers: Mapping[str, str] = field(default_factory=dict)
    drop: bool = False
    truncate: bool = False


@dataclass(frozen=True)
class FaultSpec:
    """One fault of a given kind for the next `count` requests matching (method, path prefix)."""

    kind: str
    method: str
    path_prefix: str = "/"
    count: int = 1
    status: int | None = None
    body: Mapping[str, Any] | str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; use one of {', '.join(FAULT_KINDS)}")
        if not self.method or not (self.method == ANY_METHOD or self.method.isalpha()):
            raise ValueError(f"bad method {self.method!r}")
        if not self.path_prefix.startswith("/"):
            raise ValueError(f"the path prefix must start with '/': {self.path_prefix!r}")
        if isinstance(self.count, bool) or not isinstance(self.count, int) or self.count < 1:
            raise ValueError("count must be a whole number >= 1")
        if self.kind == "fail" and (self.status is None or not 100 <= self.status <= 599):
            raise ValueError("a fail fault needs a status between 100 and 599")
        if self.status is not None and (isinstance(self.status, bool) or not isinstance(self.status, int)):
            raise ValueError("status must be a whole number")

    def answer(self) -> CannedAnswer:
        if self.kind == "drop":
            return CannedAnswer(status=0, body=None, drop=True)
        if self.kind == "truncate":
            return CannedAnswer(status=0, body=None, truncate=True)
        if self.kind == "garble":
            headers = {"Content-Type": GARBLED_CONTENT_TYPE, **self.headers}
            body = self.body if isinstance(self.body, str) else GARBLED_BODY
            return CannedAnswer(status=self.status or 200, body=body, headers=headers)
        assert self.status is not None
        return CannedAnswer(status=self.status, body=self.body, headers=dict(self.headers))

    @classmethod
    def from_json(cls, data: Any) -> FaultSpec:
        """The admin endpoint's form: {"kind", "method", "path", "count"?, "status"?, "body"?,
        "headers"?}, or {"kind", "spec": "<command-line form>"}."""
        if not isinstance(data, Mapping):
            raise ValueError("a fault must be a JSON object")
        kind = data.get("kind")
        if not isinstance(kind, str):
            raise ValueError('a fault needs "kind"')
        if "spec" in data:
            spec = data["spec"]
            if not isinstance(spec, str):
                raise ValueError('"spec" must be a string')
            return parse_fault_spec(kind, spec)
        method, path, count = data.get("method", ANY_METHOD), data.get("path", "/"), data.get("count", 1)
        status, body, headers = data.get("status"), data.get("body"), data.get("headers") or {}
        if not isinstance(method, str) or not isinstance(path, str):
            raise ValueError('"method" and "path" must be strings')
        if body is not None and not isinstance(body, (str, Mapping)):
            raise ValueError('"body" must be a JSON object or a string')
        if not isinstance(headers, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in headers.items()
        ):
            raise ValueError('"headers" must map names to strings')
        return cls(kind, method.upper(), path, count, status, body, dict(headers))

def parse_fault_spec(kind: str, text: str) -> FaultSpec:
    """The command-line form: "METHOD PATH [COUNT]", and for `fail` "METHOD PATH STATUS [COUNT] [BODY]"
    where BODY (the rest of the line) is sent as JSON when it parses as a JSON object, else as text.
    Example: parse_fault_spec("fail", "PATCH /crm/v3/objects/contacts 503 2")."""
    words = text.split(maxsplit=4 if kind == "fail" else 3)
    usage = "METHOD PATH STATUS [COUNT] [BODY]" if kind == "fail" else "METHOD PATH [COUNT]"
    try:
        method, path, *rest = words
        status: int | None = None
        if kind == "fail":
            status = int(rest.pop(0))
        count = int(rest.pop(0)) if rest else 1
    except (ValueError, IndexError):
        raise ValueError(f"--{kind} expects {usage!r}, got {text!r}") from None
    body: Mapping[str, Any] | str | None = None
    if rest:
        if kind != "fail":
            raise ValueError(f"--{kind} expects {usage!r}, got {text!r}")
        body = rest[0]
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict):
            body = parsed
    return FaultSpec(kind, method.upper(), path, count, status, body)


@dataclass
class _Rule:
    method: str
    path_prefix: str
    answer: CannedAnswer
    remaining: int
    kind: str = "fail"

    def matches(self, method: str, path: str) -> bool:
        return self.method in (ANY_METHOD, method.upper()) and path.startswith(self.path_prefix)

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "method": self.method, "path": self.path_prefix}
        if self.kind == "fail" or (self.kind == "garble" and self.answer.status != 200):
            out["status"] = self.answer.status
        out["remaining"] = self.remaining
        return out


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

    def add_rule(
        self, method: str, path_prefix: str, answer: CannedAnswer, count: int, kind: str = ""
    ) -> None:
        if count < 1:
            raise ValueError("count must be >= 1")
        if not kind:
            kind = "drop" if answer.drop else "truncate" if answer.truncate else "fail"
        with self._cond:
            self._rules.append(_Rule(method.upper(), path_prefix, answer, count, kind))

    def add(self, spec: FaultSpec) -> None:
        self.add_rule(spec.method, spec.path_prefix, spec.answer(), spec.count, spec.kind)

    def describe(self) -> list[dict[str, Any]]:
        """The faults still waiting for requests, oldest first."""
        with self._cond:
            return [rule.describe() for rule in self._rules]

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
