"""The HubSpot endpoints the sandbox answers, as plain functions of (store, request) -> Response.

Contacts, under `/crm/v3/objects/contacts` and the date-based `/crm/objects/<YYYY-MM>/contacts`:
  GET    /                 ?limit=&after=&properties=&propertiesWithHistory=&archived=
  POST   /search           {filterGroups, sorts, query, properties, limit, after}
  POST   /batch/read       {inputs: [{id}], properties, propertiesWithHistory, idProperty} ?archived=
  GET    /{id}             ?properties=a,b&propertiesWithHistory=c&archived=&idProperty=email
  PATCH  /{id}             {"properties": {...}} ?idProperty=email
  DELETE /{id}             archives the contact (204)
Properties, under `/crm/v3/properties/contacts` and `/crm/properties/<YYYY-MM>/contacts`:
  GET    /                 ?archived=&dataSensitivity=&properties=a,b
  GET    /groups, /groups/{name}
  GET    /{name}           ?archived=
Owners: GET /crm/v3/owners ?limit=&after=&email=&archived=, GET /crm/v3/owners/{id} ?idProperty=userId
Account: GET /account-info/v3/details (and /account-info/<YYYY-MM>/details)
Everything else answers 404. Tokens, scopes and rate limits are checked before (server.py).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from contact_editor.sandbox import behaviour as hb
from contact_editor.sandbox import responses as r
from contact_editor.sandbox.rules import format_ms
from contact_editor.sandbox.search import SearchError
from contact_editor.sandbox.store import (
    BadIdProperty,
    ContactNotFound,
    ContactStore,
    EmailConflict,
    InvalidProperties,
    ReadOptions,
)


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


class _BadRequest(Exception):
    """Answer 400 VALIDATION_ERROR with this message."""

    def __init__(self, message: str, context: Mapping[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.context = context


_Handler = Callable[[ContactStore, Incoming, str], r.Response]

_V = hb.DATE_VERSION_PATTERN
_OBJECTS = re.compile(rf"/crm/(?:v3/objects|objects/{_V})/contacts(?P<rest>/.*)?")
_PROPERTIES = re.compile(rf"/crm/(?:v3/properties|properties/{_V})/contacts(?P<rest>/.*)?")
_ACCOUNT = re.compile(rf"/account-info/(?:v3|{_V})/details")
_OWNERS = re.compile(re.escape(hb.OWNERS_PATH) + r"(?P<rest>/.*)?")


def dispatch(store: ContactStore, request: Incoming) -> r.Response:
    if not request.authorized:
        return r.unauthorized(request.correlation_id)
    handler, argument = _route(request.method, request.path.rstrip("/") or "/")
    if handler is None:
        return r.resource_not_found(request.correlation_id)
    try:
        return handler(store, request, argument)
    except _BadRequest as exc:
        return r.bad_request(request.correlation_id, exc.message, exc.context)


def _route(method: str, path: str) -> tuple[_Handler | None, str]:
    match = _OBJECTS.fullmatch(path)
    if match:
        return _contacts_route(method, match.group("rest"))
    match = _PROPERTIES.fullmatch(path)
    if match:
        return _properties_route(method, match.group("rest"))
    if method == "GET" and _ACCOUNT.fullmatch(path):
        return _account_details, ""
    match = _OWNERS.fullmatch(path)
    if match and method == "GET":
        rest = _segments(match.group("rest"))
        if not rest:
            return _list_owners, ""
        if len(rest) == 1:
            return _get_owner, rest[0]
    return None, ""


def _contacts_route(method: str, rest_path: str | None) -> tuple[_Handler | None, str]:
    rest = _segments(rest_path)
    if not rest:
        return (_list_contacts, "") if method == "GET" else (None, "")
    if rest == ["search"] and method == "POST":
        return _search, ""
    if rest == ["batch", "read"] and method == "POST":
        return _batch_read, ""
    if len(rest) == 1:
        handlers: dict[str, _Handler] = {
            "GET": _get_contact,
            "PATCH": _patch_contact,
            "DELETE": _archive_contact,
        }
        handler = handlers.get(method)
        return (handler, rest[0]) if handler is not None else (None, "")
    return None, ""


def _properties_route(method: str, rest_path: str | None) -> tuple[_Handler | None, str]:
    if method != "GET":
        return None, ""
    rest = _segments(rest_path)
    if not rest:
        return _list_properties, ""
    if rest == ["groups"]:
        return _list_groups, ""
    if len(rest) == 2 and rest[0] == "groups":
        return _get_group, rest[1]
    if len(rest) == 1:
        return _get_property, rest[0]
    return None, ""


def _segments(rest: str | None) -> list[str]:
    """The decoded path segments after a prefix ("/a%40b/c" -> ["a@b", "c"])."""
    if not rest:
        return []
    return [unquote(part) for part in rest.strip("/").split("/")]


# --- query parameters -------------------------------------------------------------------------------


def _names(query: Mapping[str, list[str]], key: str) -> list[str] | None:
    """Comma-separated and/or repeated query values; None when the parameter is absent or empty."""
    names = [n.strip() for raw in query.get(key, []) for n in raw.split(",") if n.strip()]
    return names or None


def _last(query: Mapping[str, list[str]], key: str) -> str | None:
    values = query.get(key)
    return values[-1] if values else None


def _flag(query: Mapping[str, list[str]], key: str) -> bool:
    raw = _last(query, key)
    if raw is None or raw == "":
        return False
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    raise _BadRequest(hb.BAD_PARAMETER_MESSAGE.format(name=key, value=raw, hint="Use true or false."))


def _count(query: Mapping[str, list[str]], key: str, default: int, maximum: int) -> int:
    raw = _last(query, key)
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= maximum:
        hint = f"Use a whole number from 1 to {maximum}."
        raise _BadRequest(hb.BAD_PARAMETER_MESSAGE.format(name=key, value=raw, hint=hint))
    return int(raw)


def _cursor(query: Mapping[str, list[str]], key: str = "after") -> int | None:
    raw = _last(query, key)
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        hint = "Use the value of paging.next.after from the previous page."
        raise _BadRequest(hb.BAD_PARAMETER_MESSAGE.format(name=key, value=raw, hint=hint))
    return int(raw)


def _json_body(request: Incoming) -> Any:
    try:
        return parse_json_body(request.body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _BadRequest(hb.INVALID_JSON_MESSAGE) from exc


def _read_options(query: Mapping[str, list[str]]) -> ReadOptions:
    return ReadOptions(_names(query, "properties"), _names(query, "propertiesWithHistory") or [])


# --- contacts ---------------------------------------------------------------------------------------


def _get_contact(store: ContactStore, request: Incoming, contact_id: str) -> r.Response:
    options = _read_options(request.query)
    try:
        contact = store.read(
            contact_id,
            options.names,
            options.with_history,
            id_property=_last(request.query, "idProperty"),
            archived=_flag(request.query, "archived"),
        )
    except ContactNotFound:
        return r.contact_not_found(request.correlation_id, contact_id)
    except BadIdProperty as exc:
        return r.bad_request(request.correlation_id, str(exc))
    return r.json_response(200, contact)


def _patch_contact(store: ContactStore, request: Incoming, contact_id: str) -> r.Response:
    cid = request.correlation_id
    body = _json_body(request)
    properties = body.get("properties") if isinstance(body, dict) else None
    if not isinstance(properties, dict) or not properties:
        return r.bad_request(cid, hb.NO_PROPERTIES_MESSAGE)
    try:
        echo = store.patch(contact_id, properties, id_property=_last(request.query, "idProperty"))
    except ContactNotFound:
        return r.contact_not_found(cid, contact_id)
    except BadIdProperty as exc:
        return r.bad_request(cid, str(exc))
    except InvalidProperties as exc:
        return r.validation_failed(cid, exc.problems)
    except EmailConflict as exc:
        return r.conflict(cid, exc.existing_id)
    return r.json_response(200, echo)


def _archive_contact(store: ContactStore, request: Incoming, contact_id: str) -> r.Response:
    try:
        store.archive(contact_id)
    except ContactNotFound:
        return r.contact_not_found(request.correlation_id, contact_id)
    return r.no_content()


def _list_contacts(store: ContactStore, request: Incoming, _: str) -> r.Response:
    limit = _count(request.query, "limit", hb.LIST_DEFAULT_LIMIT, hb.LIST_MAX_LIMIT)
    results, next_after = store.list_page(
        limit, _cursor(request.query), _read_options(request.query), archived=_flag(request.query, "archived")
    )
    body: dict[str, Any] = {"results": results}
    if next_after is not None:
        body["paging"] = {"next": {"after": str(next_after)}}
    return r.json_response(200, body)


def _batch_read(store: ContactStore, request: Incoming, _: str) -> r.Response:
    started = _now()
    body = _json_body(request)
    if not isinstance(body, dict):
        raise _BadRequest(hb.BATCH_NO_INPUTS_MESSAGE)
    keys = _batch_keys(body.get("inputs"))
    id_property = body.get("idProperty")
    if id_property is not None and not isinstance(id_property, str):
        raise _BadRequest(hb.ID_PROPERTY_MESSAGE.format(name=json.dumps(id_property)))
    options = ReadOptions(
        _string_list(body.get("properties"), "properties") or None,
        _string_list(body.get("propertiesWithHistory"), "propertiesWithHistory"),
    )
    try:
        results, missing = store.read_many(
            keys, options, id_property=id_property or None, archived=_flag(request.query, "archived")
        )
    except BadIdProperty as exc:
        return r.bad_request(request.correlation_id, str(exc))
    return r.batch_response(results, missing, started, _now())


def _batch_keys(inputs: object) -> list[str]:
    if not isinstance(inputs, list) or not inputs:
        raise _BadRequest(hb.BATCH_NO_INPUTS_MESSAGE)
    if len(inputs) > hb.BATCH_MAX_INPUTS:
        raise _BadRequest(hb.BATCH_TOO_MANY_MESSAGE.format(limit=hb.BATCH_MAX_INPUTS, count=len(inputs)))
    keys: list[str] = []
    for item in inputs:
        key = item.get("id") if isinstance(item, dict) else None
        if isinstance(key, int) and not isinstance(key, bool):
            key = str(key)
        if not isinstance(key, str) or not key:
            raise _BadRequest(hb.BATCH_NO_INPUTS_MESSAGE)
        keys.append(key)
    duplicates = sorted({k for k in keys if keys.count(k) > 1}, key=keys.index)
    if duplicates:
        message = hb.BATCH_DUPLICATE_MESSAGE.format(ids=", ".join(duplicates))
        raise _BadRequest(message, {"ids": duplicates})
    return keys


def _string_list(raw: object, key: str) -> list[str]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise _BadRequest(hb.SEARCH_ERROR_MESSAGES["body"].format(problem=f"{key} must be a list of names"))
    return [item for item in raw if item]


def _search(store: ContactStore, request: Incoming, _: str) -> r.Response:
    body = _json_body(request)
    try:
        return r.json_response(200, store.search(body))
    except SearchError as exc:
        return r.bad_request(request.correlation_id, str(exc))


# --- properties -------------------------------------------------------------------------------------


def _list_properties(store: ContactStore, request: Incoming, _: str) -> r.Response:
    sensitivity = _last(request.query, "dataSensitivity") or "non_sensitive"
    definitions = store.definitions([sensitivity], archived=_flag(request.query, "archived"))
    wanted = _names(request.query, "properties")
    if wanted is not None:
        definitions = [d for d in definitions if d.get("name") in wanted]
    return r.json_response(200, {"results": definitions})


def _list_groups(store: ContactStore, request: Incoming, _: str) -> r.Response:
    return r.json_response(200, {"results": store.groups()})


def _get_group(store: ContactStore, request: Incoming, name: str) -> r.Response:
    group = store.group(name)
    if group is None:
        message = hb.GROUP_NOT_FOUND_MESSAGE.format(name=name)
        body = r.error_envelope(message, request.correlation_id, hb.DEFINITION_NOT_FOUND)
        return r.json_response(404, body)
    return r.json_response(200, group)


def _get_property(store: ContactStore, request: Incoming, name: str) -> r.Response:
    definition = store.definition(name, archived=_flag(request.query, "archived"))
    if definition is None:
        message = hb.PROPERTY_NOT_FOUND_MESSAGE.format(name=name)
        body = r.error_envelope(message, request.correlation_id, hb.DEFINITION_NOT_FOUND)
        return r.json_response(404, body)
    return r.json_response(200, definition)


# --- owners and account -----------------------------------------------------------------------------


def _list_owners(store: ContactStore, request: Incoming, _: str) -> r.Response:
    limit = _count(request.query, "limit", hb.OWNERS_DEFAULT_LIMIT, hb.OWNERS_MAX_LIMIT)
    owners, next_after = store.owners_page(
        limit,
        _cursor(request.query) or 0,
        email=_last(request.query, "email") or None,
        archived=_flag(request.query, "archived"),
    )
    body: dict[str, Any] = {"results": owners}
    if next_after is not None:
        body["paging"] = {"next": {"after": str(next_after)}}
    return r.json_response(200, body)


def _get_owner(store: ContactStore, request: Incoming, owner_id: str) -> r.Response:
    id_property = _last(request.query, "idProperty") or "id"
    if id_property not in ("id", "userId"):
        raise _BadRequest(
            hb.BAD_PARAMETER_MESSAGE.format(name="idProperty", value=id_property, hint="Use id or userId.")
        )
    owner = store.owner(
        owner_id, by_user_id=id_property == "userId", archived=_flag(request.query, "archived")
    )
    if owner is None:
        message = hb.OWNER_NOT_FOUND_MESSAGE.format(owner_id=owner_id)
        return r.object_not_found(request.correlation_id, message, {"id": [owner_id]})
    return r.json_response(200, owner)


def _account_details(store: ContactStore, request: Incoming, _: str) -> r.Response:
    return r.json_response(200, dict(hb.ACCOUNT_DETAILS))


def _now() -> str:
    return format_ms(int(time.time() * 1000))
