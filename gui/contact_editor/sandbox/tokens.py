"""Bearer tokens the sandbox accepts, the scopes each endpoint needs, and the 401/403 answers.

A sandbox knows its main token (DEMO_TOKEN unless given: every scope, never expires) plus any token
minted with `Sandbox.mint_token(scopes=..., expires_in=...)`. `REQUIRED_SCOPES` is the one table of
which scope each endpoint needs (hubspot-api.md §1, §4: any one scope of a row's set is enough).
Wire texts and shapes live in `behaviour`.
"""

from __future__ import annotations

import hmac
import re
import secrets
import threading
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from contact_editor.sandbox import behaviour as hb
from contact_editor.sandbox import responses as r

CONTACTS_READ = "crm.objects.contacts.read"
CONTACTS_WRITE = "crm.objects.contacts.write"
SCHEMAS_CONTACTS_READ = "crm.schemas.contacts.read"
OWNERS_READ = "crm.objects.owners.read"
OAUTH = "oauth"

ALL_SCOPES: frozenset[str] = frozenset(
    {CONTACTS_READ, CONTACTS_WRITE, SCHEMAS_CONTACTS_READ, OWNERS_READ, OAUTH}
)
"""What the main token (DEMO_TOKEN by default) and `mint_token()` without `scopes` are granted."""

_VERSION = r"(?:v3|\d{4}-\d{2})"
_OBJECTS = r"^/crm/(?:v3/objects|objects/\d{4}-\d{2})/contacts"
_READS_BY_POST = re.compile(rf"{_OBJECTS}/(?:search|batch/read)/?$")
_SEARCH = re.compile(rf"{_OBJECTS}/search/?$")

# (methods, path pattern, scopes of which any one is enough). First match wins; no match: no scope
# is needed (unknown paths answer 404 after the token check). The scopes are VERIFIED ([S1]); that
# POST search and batch/read need only the read scope follows the spec's read operations.
REQUIRED_SCOPES: tuple[tuple[frozenset[str], re.Pattern[str], frozenset[str]], ...] = (
    (frozenset({"POST"}), _READS_BY_POST, frozenset({CONTACTS_READ})),
    (frozenset({"GET"}), re.compile(rf"{_OBJECTS}(?:/|$)"), frozenset({CONTACTS_READ})),
    (
        frozenset({"POST", "PATCH", "PUT", "DELETE"}),
        re.compile(rf"{_OBJECTS}(?:/|$)"),
        frozenset({CONTACTS_WRITE}),
    ),
    (
        frozenset({"GET"}),
        re.compile(r"^/crm/(?:v3/properties|properties/\d{4}-\d{2})/contacts(?:/|$)"),
        frozenset({CONTACTS_READ, SCHEMAS_CONTACTS_READ}),
    ),
    (frozenset({"GET"}), re.compile(r"^/crm/v3/owners(?:/|$)"), frozenset({OWNERS_READ})),
    (frozenset({"GET"}), re.compile(rf"^/account-info/{_VERSION}/"), frozenset({OAUTH})),
)


def required_scopes(method: str, path: str) -> frozenset[str]:
    """The scopes of which a token needs one for this request; empty when none is needed."""
    for methods, pattern, scopes in REQUIRED_SCOPES:
        if method.upper() in methods and pattern.match(path):
            return scopes
    return frozenset()


def is_search(method: str, path: str) -> bool:
    """POST .../contacts/search (v3 or date-versioned): its own rate limit, no limit headers."""
    return method.upper() == "POST" and _SEARCH.match(path) is not None


@dataclass(frozen=True)
class Grant:
    """What one token may do: its scopes and, for an expiring token, when it expires (epoch seconds)."""

    scopes: frozenset[str]
    expires_at: float | None = None


@dataclass(frozen=True)
class AuthResult:
    """The outcome of the token check: a grant, or the 401 to send instead."""

    grant: Grant | None
    refusal: r.Response | None


class Tokens:
    """The tokens one sandbox accepts. Thread-safe; comparisons are constant-time."""

    def __init__(self, main_token: str) -> None:
        self._lock = threading.Lock()
        self._grants: dict[str, Grant] = {main_token: Grant(ALL_SCOPES)}

    def mint(self, scopes: Iterable[str] | None, expires_in: float | None, now: float) -> str:
        """A new token with these scopes (all when None) that expires `expires_in` seconds from `now`
        (never when None; a negative number gives a token that has already expired)."""
        if isinstance(scopes, str):
            raise TypeError("scopes must be an iterable of scope names, not one string")
        granted = ALL_SCOPES if scopes is None else frozenset(scopes)
        token = f"pat-na1-{uuid.UUID(bytes=secrets.token_bytes(16), version=4)}"
        expires_at = None if expires_in is None else now + float(expires_in)
        with self._lock:
            self._grants[token] = Grant(granted, expires_at)
        return token

    def check(self, headers: Mapping[str, str], now: float, correlation_id: str) -> AuthResult:
        token = _bearer(headers)
        grant = self._find(token) if token else None
        if grant is None:
            return AuthResult(None, invalid_authentication(correlation_id))
        if grant.expires_at is not None and now >= grant.expires_at:
            return AuthResult(None, expired_authentication(correlation_id, grant.expires_at, now))
        return AuthResult(grant, None)

    def _find(self, token: str) -> Grant | None:
        with self._lock:
            items = list(self._grants.items())
        found: Grant | None = None
        encoded = token.encode("utf-8")
        for known, grant in items:  # no early exit: the time taken does not depend on the token
            if hmac.compare_digest(encoded, known.encode("utf-8")):
                found = grant
        return found


def _bearer(headers: Mapping[str, str]) -> str:
    value = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def invalid_authentication(correlation_id: str) -> r.Response:
    body = r.error_envelope(hb.AUTH_MESSAGE, correlation_id, "INVALID_AUTHENTICATION")
    return r.json_response(401, body, [hb.AUTH_FAILURE_HEADER])


def expired_authentication(correlation_id: str, expires_at: float, now: float) -> r.Response:
    seconds = int(now - expires_at)
    expire_time = datetime.fromtimestamp(expires_at, UTC).isoformat(timespec="milliseconds")
    body = r.error_envelope(
        hb.EXPIRED_AUTH_MESSAGE.format(seconds=seconds),
        correlation_id,
        "EXPIRED_AUTHENTICATION",
        context={hb.EXPIRE_TIME_CONTEXT_KEY: [expire_time.replace("+00:00", "Z")]},
    )
    return r.json_response(401, body, [hb.AUTH_FAILURE_HEADER])


def missing_scopes(correlation_id: str, scopes: Iterable[str]) -> r.Response:
    """403 MISSING_SCOPES in the shape of nodejs#268 (errors[].context.requiredScopes, links)."""
    body = r.error_envelope(
        hb.MISSING_SCOPES_MESSAGE,
        correlation_id,
        None,
        errors=[{"message": hb.MISSING_SCOPES_DETAIL, "context": {"requiredScopes": sorted(scopes)}}],
    )
    body["links"] = {"scopes": hb.SCOPES_LINK}
    body["category"] = "MISSING_SCOPES"
    return r.json_response(403, body)
