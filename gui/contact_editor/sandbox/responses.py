"""HTTP answers in HubSpot's shapes: JSON bodies and the error envelope.

The envelope's key order follows the real bodies: status, message, correlationId, errors, context,
category. The 400 validation body mirrors fixtures/error-400-validation-property-doesnt-exist.json.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from contact_editor.sandbox import behaviour as hb
from contact_editor.sandbox.rules import Problem


@dataclass(frozen=True)
class Response:
    """One answer: status, raw body and extra headers (the server adds the correlation ID)."""

    status: int
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()
    content_type: str = hb.JSON_CONTENT_TYPE


def json_response(status: int, payload: Any, headers: Sequence[tuple[str, str]] = ()) -> Response:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(status=status, body=body, headers=tuple(headers))


def text_response(status: int, text: str, headers: Mapping[str, str] | None = None) -> Response:
    """A non-JSON body (as a proxy or a broken gateway might send); Content-Type may be overridden."""
    extra = dict(headers or {})
    content_type = _pop_content_type(extra)
    if content_type is None:
        kind = "html" if text.lstrip().startswith("<") else "plain"
        content_type = f"text/{kind};charset=utf-8"
    return Response(status, text.encode("utf-8"), tuple(extra.items()), content_type)


def raw_json_response(status: int, payload: Mapping[str, Any], headers: Mapping[str, str] | None) -> Response:
    """A caller-supplied JSON body, sent unchanged (used by fail_next)."""
    extra = dict(headers or {})
    content_type = _pop_content_type(extra) or hb.JSON_CONTENT_TYPE
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return Response(status, body, tuple(extra.items()), content_type)


def error_envelope(
    message: str,
    correlation_id: str,
    category: str | None,
    *,
    errors: Sequence[Mapping[str, Any]] | None = None,
    context: Mapping[str, list[str]] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"status": "error", "message": message, "correlationId": correlation_id}
    if errors is not None:
        body["errors"] = [dict(e) for e in errors]
    if context is not None:
        body["context"] = dict(context)
    if category is not None:
        body["category"] = category
    return body


def unauthorized(correlation_id: str) -> Response:
    body = error_envelope(hb.AUTH_MESSAGE, correlation_id, "INVALID_AUTHENTICATION")
    return json_response(401, body, [hb.AUTH_FAILURE_HEADER])


def contact_not_found(correlation_id: str, contact_id: str) -> Response:
    context = {"id": [contact_id]}
    body = error_envelope(hb.NOT_FOUND_MESSAGE, correlation_id, "OBJECT_NOT_FOUND", context=context)
    return json_response(404, body)


def resource_not_found(correlation_id: str, message: str = hb.RESOURCE_NOT_FOUND_MESSAGE) -> Response:
    return json_response(404, error_envelope(message, correlation_id, None))


def bad_request(
    correlation_id: str, message: str, context: Mapping[str, list[str]] | None = None
) -> Response:
    return json_response(400, error_envelope(message, correlation_id, "VALIDATION_ERROR", context=context))


def object_not_found(
    correlation_id: str, message: str, context: Mapping[str, list[str]] | None = None
) -> Response:
    """404 OBJECT_NOT_FOUND with a caller-chosen message (owners)."""
    return json_response(404, error_envelope(message, correlation_id, "OBJECT_NOT_FOUND", context=context))


def no_content() -> Response:
    """204 with an empty body (DELETE)."""
    return Response(status=204, body=b"")


def batch_response(
    results: Sequence[Mapping[str, Any]], missing: Sequence[str], started_at: str, completed_at: str
) -> Response:
    """A batch answer: 200 `BatchResponseSimplePublicObject`, or 207 `...WithErrors` when some IDs
    were not found (one OBJECT_NOT_FOUND error listing them in `context.ids`)."""
    body: dict[str, Any] = {"status": "COMPLETE", "results": [dict(item) for item in results]}
    if missing:
        body["numErrors"] = 1
        body["errors"] = [
            {
                "status": "error",
                "category": "OBJECT_NOT_FOUND",
                "message": hb.BATCH_NOT_FOUND_MESSAGE,
                "context": {"ids": list(missing)},
                "errors": [],
                "links": {},
            }
        ]
    body["startedAt"] = started_at
    body["completedAt"] = completed_at
    return json_response(207 if missing else 200, body)


def validation_failed(correlation_id: str, problems: Sequence[Problem]) -> Response:
    """400 VALIDATION_ERROR: the legacy JSON array inside `message` plus structured `errors[]`."""
    legacy = [{"isValid": False, "message": p.message, "error": p.code, "name": p.name} for p in problems]
    errors = [{"message": p.message, "code": p.code, "context": {"propertyName": [p.name]}} for p in problems]
    message = hb.VALIDATION_PREFIX + json.dumps(legacy, ensure_ascii=False, separators=(",", ":"))
    return json_response(400, error_envelope(message, correlation_id, "VALIDATION_ERROR", errors=errors))


def conflict(correlation_id: str, existing_id: str) -> Response:
    message = hb.EMAIL_CONFLICT_MESSAGE.format(existing_id=existing_id)
    return json_response(409, error_envelope(message, correlation_id, "CONFLICT"))


def _pop_content_type(headers: dict[str, str]) -> str | None:
    for key in list(headers):
        if key.lower() == "content-type":
            return headers.pop(key)
    return None
