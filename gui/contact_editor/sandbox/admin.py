"""The sandbox's admin endpoint, so a running demo can be steered from outside (curl, a script).

Every call needs the header `X-Sandbox-Admin: <secret>` (the secret is random per sandbox, printed by
`python -m contact_editor.sandbox`, or `Sandbox.admin_secret`) and must come from loopback. Admin calls
are never recorded, never counted against rate limits and never subject to faults. Answers are JSON.

  GET    /_sandbox/faults   -> {"latency", "faults": [...], "limits": {...}}
  POST   /_sandbox/faults   {"latency": 0.5}
                            {"kind": "fail", "method": "PATCH", "path": "/crm/v3/objects/contacts",
                             "status": 503, "count": 2, "body": {...} or "text", "headers": {...}}
                            {"kind": "drop" | "truncate" | "garble", "method", "path", "count"}
                            {"kind": "fail", "spec": "PATCH /crm/v3/objects/contacts 503 2"}
                            (latency and one fault may be given together)
  DELETE /_sandbox/faults   forget all faults, release held requests, latency back to 0
  POST   /_sandbox/limits   {"burst": 10, "daily": 1000, "searchPerSecond": 5, "reset": true}
                            (each key optional; "reset" forgets the requests counted so far)

Example: curl -X POST -H "X-Sandbox-Admin: $SECRET" -d '{"kind":"drop","method":"GET",
         "path":"/crm/v3/objects/contacts"}' http://127.0.0.1:8765/_sandbox/faults
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Mapping
from typing import Any

from contact_editor.sandbox import responses as r
from contact_editor.sandbox.faults import Faults, FaultSpec
from contact_editor.sandbox.limits import RateLimits

ADMIN_PREFIX = "/_sandbox/"
ADMIN_HEADER = "X-Sandbox-Admin"
FAULTS_PATH = "/_sandbox/faults"
LIMITS_PATH = "/_sandbox/limits"


def is_admin_path(path: str) -> bool:
    return path.startswith(ADMIN_PREFIX) or path == ADMIN_PREFIX.rstrip("/")


class Admin:
    """Answers admin calls for one sandbox."""

    def __init__(self, faults: Faults, limits: RateLimits, secret: str) -> None:
        self._faults = faults
        self._limits = limits
        self._secret = secret

    def handle(
        self, method: str, path: str, headers: Mapping[str, str], body: bytes, client_host: str
    ) -> r.Response:
        if not _is_loopback(client_host):
            return _error(403, "the admin endpoint answers only on loopback")
        given = next((v for k, v in headers.items() if k.lower() == ADMIN_HEADER.lower()), "")
        if not hmac.compare_digest(given.strip().encode("utf-8"), self._secret.encode("utf-8")):
            return _error(403, f"missing or wrong {ADMIN_HEADER} header (the secret printed at start)")
        path = path.rstrip("/")
        try:
            if path == FAULTS_PATH and method == "GET":
                return self._state()
            if path == FAULTS_PATH and method == "DELETE":
                self._faults.clear()
                return self._state()
            if path == FAULTS_PATH and method == "POST":
                return self._add_fault(_json_object(body))
            if path == LIMITS_PATH and method == "POST":
                return self._set_limits(_json_object(body))
        except ValueError as exc:
            return _error(400, str(exc))
        return _error(404, f"no admin call {method} {path}")

    def _state(self) -> r.Response:
        state = {
            "latency": self._faults.latency,
            "faults": self._faults.describe(),
            "limits": self._limits.snapshot(),
        }
        return r.json_response(200, state)

    def _add_fault(self, data: dict[str, Any]) -> r.Response:
        latency = data.get("latency")
        if latency is not None and (isinstance(latency, bool) or not isinstance(latency, (int, float))):
            raise ValueError('"latency" must be a number of seconds')
        spec = FaultSpec.from_json(data) if "kind" in data else None
        if latency is None and spec is None:
            raise ValueError('give "latency" and/or a fault ("kind", "method", "path", ...)')
        if latency is not None:
            self._faults.latency = float(latency)
        if spec is not None:
            self._faults.add(spec)
        return self._state()

    def _set_limits(self, data: dict[str, Any]) -> r.Response:
        unknown = set(data) - {"burst", "daily", "searchPerSecond", "reset"}
        if unknown:
            raise ValueError(f"unknown keys: {', '.join(sorted(unknown))}")
        self._limits.configure(
            burst=data.get("burst"), daily=data.get("daily"), search_per_second=data.get("searchPerSecond")
        )
        if data.get("reset"):
            self._limits.reset()
        return self._state()


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8")) if body.strip() else None
    except (UnicodeDecodeError, ValueError):
        raise ValueError("the body is not valid JSON") from None
    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")
    return data


def _is_loopback(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return bool(address.is_loopback or (mapped is not None and mapped.is_loopback))


def _error(status: int, message: str) -> r.Response:
    return r.json_response(status, {"status": "error", "message": message})
