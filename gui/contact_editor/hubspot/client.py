"""HubSpot CRM HTTP client for one contact: read it, read the property definitions, patch it.

No Qt here. Every request has a (connect, read) timeout, certificates are always verified,
redirects are never followed (a 3xx is an UnexpectedResponseError), and every failure is raised
as a `HubSpotError` subclass (see errors.py). The token is fetched from a callable on every
request, so it can be replaced while the app runs; it never appears in errors or logs.

A client is not thread-safe: use it from one worker thread at a time.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar
from urllib.parse import quote

import requests
import urllib3.exceptions
from requests.auth import AuthBase

from contact_editor import __version__
from contact_editor.hubspot.errors import (
    AuthenticationError,
    HubSpotError,
    NetworkError,
    NotFoundError,
    UnexpectedResponseError,
    parse_error_response,
)
from contact_editor.hubspot.models import Contact, PropertyDefinition, PropertyGroup
from contact_editor.hubspot.tls import make_session
from contact_editor.hubspot.urls import (
    DEFAULT_API_BASE,
    V3_PATHS,
    ApiPaths,
    is_loopback_host,
    validate_api_base,
)
from contact_editor.redaction import REDACTED, redact, registered_secrets

log = logging.getLogger(__name__)
T = TypeVar("T")

USER_AGENT = f"hubspot-contact-editor/{__version__}"
MAX_URL_LENGTH = 6000

__all__ = [
    "DEFAULT_API_BASE",
    "MAX_URL_LENGTH",
    "USER_AGENT",
    "V3_PATHS",
    "ApiPaths",
    "HubSpotClient",
    "is_loopback_host",
    "validate_api_base",
]


class _BearerAuth(AuthBase):
    """Holds the token for one request and sets the Authorization header. Its repr hides the
    token (so do tracebacks that show locals), and passing it as `auth=` also stops requests
    from replacing the header with ~/.netrc credentials."""

    def __init__(self, token: str) -> None:
        self._token = token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self._token}"
        return request

    def __repr__(self) -> str:
        return "_BearerAuth(<hidden>)"

    def redact(self, text: str) -> str:
        """The text with every copy of the token (and every registered secret) replaced, for
        server text we keep. A token too short for `redact` is still replaced as plain text."""
        text = redact(text, (self._token, *registered_secrets()))
        return text.replace(self._token, REDACTED) if self._token else text


class HubSpotClient:
    """Talks to one HubSpot account with one requests.Session."""

    def __init__(
        self,
        api_base: str,
        token: Callable[[], str],
        *,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = (5.0, 30.0),
        paths: ApiPaths = V3_PATHS,
    ) -> None:
        self.api_base = validate_api_base(api_base)
        self.timeout = timeout
        self.paths = paths
        self._token = token
        self._owns_session = session is None
        self._session = session if session is not None else make_session()

    def __repr__(self) -> str:
        return f"HubSpotClient(api_base={self.api_base!r})"

    # -- public API ---------------------------------------------------------------------------

    def get_contact(self, contact_id: str, properties: Sequence[str], *, archived: bool = False) -> Contact:
        """One contact with exactly these properties (unknown names are ignored by HubSpot).

        When the property list would make the URL longer than MAX_URL_LENGTH (portals with
        thousands of properties), the same read goes as one `batch/read` POST with the names in
        its body: still one request. With archived=True, asks for the archived (deleted) record
        instead (sent as "archived=true").
        """
        path = self.paths.contact(contact_id)
        extra = "archived=true" if archived else ""
        names = [name for name in dict.fromkeys(properties) if name]
        query = "properties=" + ",".join(quote(name, safe="") for name in names) if names else ""
        if len(_join_query(self.api_base + path, query, extra)) <= MAX_URL_LENGTH:
            return self._parse(self._get(_join_query(path, query, extra)), _contact_from_json)
        payload = {"inputs": [{"id": contact_id}], "properties": names}
        body = self._send("POST", _join_query(self.paths.contact_batch_read(), extra), payload)
        return self._parse(body, lambda data: _batch_single(data, contact_id))

    def list_properties(self) -> list[PropertyDefinition]:
        """All (non-archived, non-sensitive) contact property definitions."""
        body = self._get(self.paths.contact_properties())
        return self._parse(body, lambda data: _results(data, _definition))

    def list_groups(self) -> list[PropertyGroup]:
        """All contact property groups."""
        body = self._get(self.paths.contact_groups())
        return self._parse(body, lambda data: _results(data, _group))

    def patch_contact(self, contact_id: str, properties: Mapping[str, str]) -> Contact:
        """Set these properties (string wire values; "" clears one) and return HubSpot's answer.

        ValueError for an empty mapping, TypeError for a non-string value (a caller bug: HubSpot
        ignores null and wants every value as a string).
        """
        if not properties:
            raise ValueError("patch_contact needs at least one property")
        for name, value in properties.items():
            if not isinstance(name, str) or not isinstance(value, str):
                raise TypeError(f"property {name!r}: values must be strings, not {type(value).__name__}")
        body = self._send("PATCH", self.paths.contact(contact_id), {"properties": dict(properties)})
        return self._parse(body, _contact_from_json)

    def close(self) -> None:
        """Close the session if this client created it."""
        if self._owns_session:
            self._session.close()

    def __enter__(self) -> HubSpotClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- URL building ---------------------------------------------------------------------------

    # -- transport ------------------------------------------------------------------------------

    def _get(self, path_and_query: str) -> str:
        return self._send("GET", path_and_query, None)

    def _send(self, method: str, path_and_query: str, payload: dict[str, Any] | None) -> str:
        """Send one request; return the 2xx body text or raise the typed error."""
        auth = _BearerAuth(self._current_token())
        where = f"{method} {path_and_query.split('?', 1)[0]}"
        result = self._attempt(method, self.api_base + path_and_query, payload, auth, where)
        if isinstance(result, HubSpotError):
            raise result  # raised outside the except blocks: no chained requests objects
        status, text, raw_headers = result
        headers = {name.lower(): auth.redact(value) for name, value in raw_headers.items()}
        log.debug("%s -> %s (correlation id %s)", where, status, headers.get("x-hubspot-correlation-id"))
        if 200 <= status <= 299:
            return text
        if 300 <= status <= 399:
            raise UnexpectedResponseError(f"{where}: unexpected redirect", status=status)
        raise parse_error_response(status, auth.redact(text), headers)

    def _attempt(
        self, method: str, url: str, payload: dict[str, Any] | None, auth: _BearerAuth, where: str
    ) -> tuple[int, str, Mapping[str, str]] | HubSpotError:
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        try:
            response = self._session.request(
                method,
                url,
                json=payload,
                headers=headers,
                auth=auth,
                timeout=self.timeout,
                allow_redirects=False,
                verify=True,
            )
            try:
                body = response.content.decode("utf-8", errors="replace")
            finally:
                response.close()
        except OSError as exc:  # every requests error, and e.g. a missing CA bundle (F20)
            return _network_error(exc, auth, where)
        return response.status_code, body, response.headers

    def _current_token(self) -> str:
        """The token to send now; AuthenticationError (raised outside `except`, so the provider's
        own exception is not chained to it) when there is none or it cannot go in a header."""
        try:
            token: object = self._token()
        except Exception:
            token = None
        if not isinstance(token, str) or not token.strip():
            raise AuthenticationError("no access token available")
        token = token.strip()
        if not all(33 <= ord(ch) <= 126 for ch in token):
            raise AuthenticationError("the access token contains characters that cannot be sent")
        return token

    def _parse(self, text: str, build: Callable[[Any], T]) -> T:
        """Build the result from a 2xx body, or raise UnexpectedResponseError (unchained)."""
        problem = ""
        try:
            return build(json.loads(text))
        except (ValueError, RecursionError) as exc:
            problem = _describe_body(text) if isinstance(exc, json.JSONDecodeError) else str(exc)
        except (TypeError, KeyError) as exc:
            problem = f"unexpected response shape: {exc}"
        raise UnexpectedResponseError(problem)


# -- response shapes ------------------------------------------------------------------------------


def _contact_from_json(data: Any) -> Contact:
    if not isinstance(data, dict) or not isinstance(data.get("properties"), dict):
        raise ValueError("expected a contact object with properties")
    if not isinstance(data.get("id"), str | int) or isinstance(data.get("id"), bool):
        raise ValueError("contact without an id")
    return Contact.from_json(data)


def _results(data: Any, build: Callable[[dict[str, Any]], T | None]) -> list[T]:
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        raise ValueError("expected an object with a results list")
    built = [build(item) if isinstance(item, dict) else None for item in data["results"]]
    items = [item for item in built if item is not None]
    if len(items) < len(built):
        log.warning("skipped %d malformed entries in a results list", len(built) - len(items))
    return items


def _definition(data: dict[str, Any]) -> PropertyDefinition | None:
    try:
        return PropertyDefinition.from_json(data)
    except (ValueError, KeyError, TypeError):
        return None


def _group(data: dict[str, Any]) -> PropertyGroup | None:
    group = PropertyGroup.from_json(data)
    return group if group.name else None


def _batch_single(data: Any, contact_id: str) -> Contact:
    """The one contact of a batch/read answer; NotFoundError when HubSpot reports it missing."""
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list):
        raise UnexpectedResponseError("HubSpot's batch answer had no results")
    if not results:
        raise NotFoundError(
            f"Object not found (contact {contact_id})", status=404, category="OBJECT_NOT_FOUND"
        )
    return _contact_from_json(results[0])


# -- error helpers --------------------------------------------------------------------------------


def _join_query(path: str, *params: str) -> str:
    query = "&".join(p for p in params if p)
    return f"{path}?{query}" if query else path


def _describe_body(text: str) -> str:
    stripped = text.strip()
    if not stripped:
        return "empty response body"
    if stripped.startswith("<"):
        return "HTML (or XML) instead of JSON"
    return "response body is not JSON"


def _network_error(exc: OSError, auth: _BearerAuth, where: str) -> HubSpotError:
    """Map a requests exception; the text keeps only the exception kind and a redacted summary."""
    summary = auth.redact(str(exc))[:300]
    timed_out = isinstance(exc, requests.Timeout) or _is_read_timeout(exc)
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return UnexpectedResponseError(f"{where}: undecodable body ({summary})")
    kind = "timed out" if timed_out else type(exc).__name__
    return NetworkError(f"{where}: {kind}: {summary}", timed_out=timed_out)


def _is_read_timeout(exc: BaseException) -> bool:
    """requests wraps a read timeout *during the body* as ConnectionError(ReadTimeoutError)."""
    return any(isinstance(arg, urllib3.exceptions.ReadTimeoutError) for arg in exc.args)
