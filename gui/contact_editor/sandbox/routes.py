"""The HubSpot endpoints the sandbox answers, as plain functions of (store, request) -> Response.

Supported:
  GET   /crm/v3/objects/contacts/{id}?properties=a,b&propertiesWithHistory=c&archived=
  PATCH /crm/v3/objects/contacts/{id}        body {"properties": {...}}
  GET   /crm/v3/properties/contacts          ?dataSensitivity=
  GET   /crm/v3/properties/contacts/groups
  GET   /crm/v3/properties/contacts/{name}
  GET   /account-info/v3/details
Everything else answers 404. Authentication is checked before anything else.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from contact_editor.sandbox import behaviour as hb
from contact_editor.sandbox import responses as r
from contact_editor.sandbox.store import ContactNotFound, ContactStore, EmailConflict, InvalidProperties


@dataclass(frozen=True)
class Incoming:
    """A request as the routes see it. `path` is as sent (still percent-encoded), without the query."""

    method: str
    path: str
    query: Mapping[str, list[str]]
    body: bytes
    authorized: bool
    correlation_id: str


def parse_json_body(raw: bytes) -> Any:
    """The body as JSON; `None` when empty; raises ValueError when it is not JSON."""
    if not raw.strip():
        return None
    return json.loads(raw.decode("utf-8"))


def dispatch(store: ContactStore, request: Incoming) -> r.Response:
    if not request.authorized:
        return r.unauthorized(request.correlation_id)
    handler, argument = _route(request.method, request.path.rstrip("/") or "/")
    if handler is None:
        return r.resource_not_found(request.correlation_id)
    return handler(store, request, argument)


_Handler = Callable[[ContactStore, Incoming, str], r.Response]


def _route(method: str, path: str) -> tuple[_Handler | None, str]:
    if method == "GET" and path == hb.PROPERTIES_PATH:
        return _list_properties, ""
    if method == "GET" and path == hb.GROUPS_PATH:
        return _list_groups, ""
    if method == "GET" and path == hb.ACCOUNT_DETAILS_PATH:
        return _account_details, ""
    property_name = _tail(path, hb.PROPERTIES_PATH)
    if method == "GET" and property_name is not None:
        return _get_property, property_name
    contact_id = _tail(path, hb.CONTACTS_PATH)
    if contact_id is not None and method in ("GET", "PATCH"):
        return (_get_contact if method == "GET" else _patch_contact), contact_id
    return None, ""


def _tail(path: str, prefix: str) -> str | None:
    """The single decoded path segment after `prefix`, or None."""
    if not path.startswith(prefix + "/"):
        return None
    rest = path[len(prefix) + 1 :]
    return unquote(rest) if rest and "/" not in rest else None


def _names(query: Mapping[str, list[str]], key: str) -> list[str] | None:
    """Comma-separated and/or repeated query values; None when the parameter is absent or empty."""
    names = [n.strip() for raw in query.get(key, []) for n in raw.split(",") if n.strip()]
    return names or None


def _get_contact(store: ContactStore, request: Incoming, contact_id: str) -> r.Response:
    if request.query.get("archived", ["false"])[-1].lower() == "true":
        # The sandbox holds no archived contacts; HubSpot then answers 404 (unverified).
        return r.contact_not_found(request.correlation_id, contact_id)
    try:
        contact = store.read(
            contact_id,
            _names(request.query, "properties"),
            _names(request.query, "propertiesWithHistory") or [],
        )
    except ContactNotFound:
        return r.contact_not_found(request.correlation_id, contact_id)
    return r.json_response(200, contact)


def _patch_contact(store: ContactStore, request: Incoming, contact_id: str) -> r.Response:
    cid = request.correlation_id
    try:
        body = parse_json_body(request.body)
    except ValueError:
        return r.bad_request(cid, hb.INVALID_JSON_MESSAGE)
    properties = body.get("properties") if isinstance(body, dict) else None
    if not isinstance(properties, dict) or not properties:
        return r.bad_request(cid, hb.NO_PROPERTIES_MESSAGE)
    try:
        echo = store.patch(contact_id, properties)
    except ContactNotFound:
        return r.contact_not_found(cid, contact_id)
    except InvalidProperties as exc:
        return r.validation_failed(cid, exc.problems)
    except EmailConflict as exc:
        return r.conflict(cid, exc.existing_id)
    return r.json_response(200, echo)


def _list_properties(store: ContactStore, request: Incoming, _: str) -> r.Response:
    sensitivity = request.query.get("dataSensitivity", ["non_sensitive"])[-1]
    definitions = store.definitions([sensitivity])
    wanted = _names(request.query, "properties")
    if wanted is not None:
        definitions = [d for d in definitions if d.get("name") in wanted]
    return r.json_response(200, {"results": definitions})


def _list_groups(store: ContactStore, request: Incoming, _: str) -> r.Response:
    return r.json_response(200, {"results": store.groups()})


def _get_property(store: ContactStore, request: Incoming, name: str) -> r.Response:
    definition = store.definition(name)
    if definition is None:
        return r.resource_not_found(request.correlation_id, hb.PROPERTY_NOT_FOUND_MESSAGE.format(name=name))
    return r.json_response(200, definition)


def _account_details(store: ContactStore, request: Incoming, _: str) -> r.Response:
    return r.json_response(
        200,
        {
            "portalId": hb.PORTAL_ID,
            "accountType": "DEVELOPER_TEST",
            "timeZone": "UTC",
            "companyCurrency": "USD",
            "additionalCurrencies": [],
            "utcOffset": "+00:00",
            "utcOffsetMilliseconds": 0,
            "uiDomain": hb.UI_DOMAIN,
            "dataHostingLocation": "na1",
        },
    )
