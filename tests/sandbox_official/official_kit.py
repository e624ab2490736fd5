"""Helpers for driving HubSpot's official Python client (hubspot-api-client 12) against the sandbox.

`HubSpot(access_token=..., host=url)` hands `host` to every API's Configuration (see
hubspot/discovery/discovery_base.py), so one client object talks to the sandbox for all APIs. Two
things are added for tests:
- a timeout on every request: the generated REST client passes `timeout=None` to urllib3 unless a
  call gives `_request_timeout`, which would let a broken answer hang a test forever;
- `retry=False` unless a test asks for retries: urllib3 would otherwise re-send a GET up to three
  times after a dropped connection, hiding the fault;
- `client_side_validation=True`: HubSpot's Configuration turns it off, and then a model is built from
  anything at all (a non-JSON 200 becomes a contact whose every field is None). With it on, the
  models' setters refuse a missing required field or a value outside an enum, so "deserialises into
  the client's models" means something.
"""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

from hubspot.crm.contacts import ApiClient as ContactsApiClient
from hubspot.crm.contacts import Configuration as ContactsConfiguration
from hubspot.crm.contacts.models import Error
from hubspot.discovery.discovery_base import DiscoveryBase
from urllib3.util.retry import Retry

from contact_editor.sandbox import DEMO_TOKEN
from hubspot import HubSpot

TIMEOUT = (2.0, 5.0)  # (connect, read) seconds for every request the official client sends


def _api_factory(api_client_package: Any, api_name: str, config: dict[str, Any]) -> Any:
    api = DiscoveryBase._default_api_factory(api_client_package, api_name, config)
    rest = api.api_client.rest_client
    send = rest.request

    def request_with_timeout(*args: Any, _request_timeout: Any = None, **kwargs: Any) -> Any:
        return send(*args, _request_timeout=_request_timeout or TIMEOUT, **kwargs)

    rest.request = request_with_timeout
    return api


def official_client(url: str, token: str = DEMO_TOKEN, retry: Retry | bool = False) -> HubSpot:
    """The official client aimed at a sandbox URL, with a timeout on every call."""
    return HubSpot(
        access_token=token, host=url, retry=retry, api_factory=_api_factory, client_side_validation=True
    )


def error_body(exc: Any) -> dict[str, Any]:
    """The JSON body of an ApiException (the client keeps it as raw bytes)."""
    data = json.loads(exc.body)
    assert isinstance(data, dict)
    return data


def assert_hubspot_error(exc: Any, status: int, category: str) -> dict[str, Any]:
    """`exc` carries `status` and a JSON body with this `category` and the header's correlationId,
    which HubSpot's own `Error` model (message, correlationId and category required) accepts."""
    assert exc.status == status
    body = error_body(exc)
    assert body["category"] == category
    assert body["correlationId"] == exc.headers["x-hubspot-correlation-id"]
    configuration = ContactsConfiguration()
    configuration.client_side_validation = True
    model = ContactsApiClient(configuration).deserialize(SimpleNamespace(data=exc.body), "Error")
    assert isinstance(model, Error)
    assert (model.category, model.correlation_id, model.message) == (
        category,
        body["correlationId"],
        body["message"],
    )
    return body
