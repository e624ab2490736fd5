"""Typed HubSpot errors, and the parser that turns any error response into one.

Every failure of the HTTP client is one of the `HubSpotError` subclasses below. The server's own
text is kept in `message` for logs only; the UI picks its wording from the class and the fields.

`parse_error_response` accepts any body at all (empty, HTML, non-JSON, JSON that is not an object,
legacy bodies) and never raises: every field of HubSpot's error envelope is treated as optional.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

_MAX_MESSAGE = 500
_INVALID_PREFIX = "Property values were not valid:"
_EXISTING_ID = re.compile(r"Existing ID:\s*(\d+)")
_LIMIT_MESSAGE = re.compile(r"reached your (\w+) limit")
_CORRELATION_HEADER = "x-hubspot-correlation-id"


@dataclass(frozen=True)
class PropertyError:
    """One property HubSpot refused: its internal name, the error code and the server's text."""

    name: str
    code: str
    message: str


class HubSpotError(Exception):
    """Base of every client failure. `message` is server (or transport) text, for logs only."""

    def __init__(
        self,
        message: str = "",
        *,
        status: int | None = None,
        category: str | None = None,
        correlation_id: str | None = None,
        property_errors: Iterable[PropertyError] = (),
        context: Mapping[str, Sequence[str]] | None = None,
        policy_name: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.category = category
        self.correlation_id = correlation_id
        self.property_errors: tuple[PropertyError, ...] = tuple(property_errors)
        self.context: Mapping[str, list[str]] = {k: list(v) for k, v in (context or {}).items()}
        self.policy_name = policy_name
        self.retry_after = retry_after

    def __str__(self) -> str:
        parts = [f"HTTP {self.status}" if self.status is not None else type(self).__name__]
        if self.category:
            parts.append(self.category)
        text = ": ".join(parts)
        if self.message:
            text += f": {self.message}"
        if self.correlation_id:
            text += f" (correlation id {self.correlation_id})"
        return text

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, category={self.category!r}, "
            f"message={self.message!r}, correlation_id={self.correlation_id!r})"
        )


class ValidationError(HubSpotError):
    """400: HubSpot refused the request; `property_errors` names the fields at fault."""


class AuthenticationError(HubSpotError):
    """401 (token missing, invalid, expired or revoked), or no usable token to send at all."""


class ForbiddenError(HubSpotError):
    """403: the token lacks a scope (`required_scopes`) or the user lacks a permission."""

    def __init__(self, message: str = "", *, required_scopes: Iterable[str] = (), **fields: Any) -> None:
        super().__init__(message, **fields)
        self.required_scopes: tuple[str, ...] = tuple(required_scopes)


class NotFoundError(HubSpotError):
    """404: no such contact (it may have been deleted) or no such endpoint."""


class ConflictError(HubSpotError):
    """409: e.g. another contact already has this email; `existing_id` is that contact's ID."""

    def __init__(self, message: str = "", *, existing_id: str | None = None, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.existing_id = existing_id


class RateLimitError(HubSpotError):
    """429: `policy_name` is e.g. TEN_SECONDLY_ROLLING, SECONDLY or DAILY; `retry_after` in seconds."""


class ServerError(HubSpotError):
    """5xx: HubSpot (or something in front of it) failed; worth retrying with backoff."""


class UnexpectedResponseError(HubSpotError):
    """A body we cannot use: not JSON, HTML, empty, or the wrong shape (or a status we don't know)."""


class NetworkError(HubSpotError):
    """No usable response: connection refused, dropped, TLS failure, or timed out (`timed_out`)."""

    def __init__(self, message: str = "", *, timed_out: bool = False, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.timed_out = timed_out


class InsecureUrlError(HubSpotError, ValueError):
    """The API base URL is not one we will send a token to (plain http to a non-loopback host,
    another scheme, no host). Raised before any request."""


_BY_STATUS: dict[int, type[HubSpotError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}


def error_class_for(status: int) -> type[HubSpotError]:
    """The subclass for an HTTP status (the base class for statuses without one, e.g. 423)."""
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if 500 <= status <= 599:
        return ServerError
    return HubSpotError


def parse_error_response(status: int, body: str, headers: Mapping[str, str]) -> HubSpotError:
    """Build the typed error for a non-2xx response. Never raises, whatever the body."""
    try:
        return _parse(status, body, headers)
    except Exception:  # a last guard: a parser bug must not hide the HTTP failure itself
        return error_class_for(status)("", status=status)


def _parse(status: int, body: str, headers: Mapping[str, str]) -> HubSpotError:
    """The status picks the class (so a 502 HTML page is still a ServerError); only a status
    without its own class and a body that is not a JSON object gives UnexpectedResponseError."""
    data = _load_object(body)
    cls = error_class_for(status)
    if data is None and cls is HubSpotError:
        cls = UnexpectedResponseError
    data = data or {}
    message = _text(data.get("message")) or ("" if data else _snippet(body))
    fields: dict[str, Any] = {
        "status": status,
        "category": _text(data.get("category")) or _text(data.get("errorType")),
        "correlation_id": _text(data.get("correlationId"))
        or _header(headers, _CORRELATION_HEADER)
        or _text(data.get("requestId")),
        "property_errors": _property_errors(message, _items(data.get("errors"))),
        "context": _context(data.get("context")),
        "policy_name": _policy_name(status, data, message),
        "retry_after": _retry_after(_header(headers, "retry-after")),
    }
    if cls is ForbiddenError:
        return ForbiddenError(message, required_scopes=_required_scopes(data), **fields)
    if cls is ConflictError:
        return ConflictError(message, existing_id=_existing_id(message, data), **fields)
    return cls(message, **fields)


def _load_object(body: str) -> dict[str, Any] | None:
    """The body as a JSON object, or None when it is anything else."""
    value = _load_json(body)
    return value if isinstance(value, dict) else None


def _load_json(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _snippet(body: str) -> str:
    """A short one-line excerpt of a non-JSON body (an HTML error page, say), for logs."""
    collapsed = " ".join(body.split())
    return collapsed[:_MAX_MESSAGE]


def _header(headers: Mapping[str, str], name: str) -> str | None:
    try:
        value = headers.get(name)
    except Exception:
        value = None
    if value is None:
        for key, candidate in headers.items():
            if isinstance(key, str) and key.lower() == name:
                value = candidate
                break
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _items(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _strings(value: Any) -> list[str]:
    """A context value as a list of strings: a string becomes [it]; numbers are kept as text."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for text in map(_scalar_text, value) if text is not None]
    return []


def _scalar_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _context(value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        return {}
    return {str(key): _strings(item) for key, item in value.items()}


def _property_errors(message: str, errors: list[dict[str, Any]]) -> tuple[PropertyError, ...]:
    """Per-property errors from errors[] and from the JSON array embedded in the message(s),
    deduplicated on (name, code) in order of first appearance."""
    found: dict[tuple[str, str], PropertyError] = {}
    candidates = [*_from_errors_list(errors), *_from_embedded(message)]
    for item in errors:
        candidates.extend(_from_embedded(_text(item.get("message")) or ""))
    for error in candidates:
        found.setdefault((error.name, error.code), error)
    return tuple(found.values())


def _from_errors_list(errors: list[dict[str, Any]]) -> Iterator[PropertyError]:
    for item in errors:
        context = item.get("context")
        names = _strings(context.get("propertyName")) if isinstance(context, dict) else []
        code = _text(item.get("code")) or ""
        text = _text(item.get("message")) or ""
        for name in names:
            if name:
                yield PropertyError(name=name, code=code, message=text)


def _from_embedded(message: str) -> Iterator[PropertyError]:
    """Entries of "Property values were not valid: [ {name, error, message}, ... ]"."""
    start = message.find(_INVALID_PREFIX)
    if start < 0:
        return
    rest = message[start + len(_INVALID_PREFIX) :].lstrip()
    try:
        entries, _ = json.JSONDecoder().raw_decode(rest)
    except (ValueError, RecursionError):
        return
    for entry in _items(entries):
        name = _text(entry.get("name"))
        if name:
            code = _text(entry.get("error")) or ""
            text = _text(entry.get("message")) or _text(entry.get("localizedErrorMessage")) or ""
            yield PropertyError(name=name, code=code, message=text)


def _required_scopes(data: Mapping[str, Any]) -> tuple[str, ...]:
    scopes: list[str] = []
    for item in _items(data.get("errors")):
        context = item.get("context")
        if isinstance(context, dict):
            scopes.extend(_strings(context.get("requiredScopes")))
    context = data.get("context")
    if isinstance(context, dict):
        scopes.extend(_strings(context.get("requiredScopes")))
        scopes.extend(_strings(context.get("requiredGranularScopes")))
    return tuple(dict.fromkeys(s for s in scopes if s))


def _existing_id(message: str, data: Mapping[str, Any]) -> str | None:
    match = _EXISTING_ID.search(message)
    if match:
        return match.group(1)
    contexts = [item.get("context") for item in _items(data.get("errors"))] + [data.get("context")]
    for context in contexts:
        if isinstance(context, dict):
            ids = [i for i in _strings(context.get("existingId")) if i]
            if ids:
                return ids[0]
    return None


def _policy_name(status: int, data: Mapping[str, Any], message: str) -> str | None:
    policy = _text(data.get("policyName"))
    if policy or status != 429:
        return policy
    match = _LIMIT_MESSAGE.search(message)  # "You have reached your ten_secondly_rolling limit."
    return match.group(1).upper() if match else None


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds when numeric; HTTP dates and garbage give None."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return max(seconds, 0.0) if math.isfinite(seconds) else None
