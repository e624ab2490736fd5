"""The HTTP side of the sandbox: a ThreadingHTTPServer whose handler runs each request through
recording, the fault hooks, authentication, rate limits, scopes and the routes.

Order for each API request (admin calls under /_sandbox/ skip all of it, see `admin`):
  record -> faults (held, latency, then a canned answer or drop, if any) -> token (401) ->
  rate limits (429) -> scopes (403) -> the endpoint. Every answer carries x-hubspot-correlation-id.

The server tracks its open connections and in-flight requests so that `stop()` can let answers in
progress finish (briefly) and then cut every keep-alive connection, instead of hanging.
"""

from __future__ import annotations

import contextlib
import dataclasses
import http
import logging
import socket
import sys
import threading
import uuid
from collections.abc import Callable, Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from contact_editor.sandbox import behaviour as hb
from contact_editor.sandbox import responses as r
from contact_editor.sandbox.admin import Admin, is_admin_path
from contact_editor.sandbox.faults import CannedAnswer, Faults
from contact_editor.sandbox.limits import RateLimits
from contact_editor.sandbox.recording import RecordedRequest, RequestLog, safe_headers
from contact_editor.sandbox.routes import Incoming, dispatch, parse_json_body
from contact_editor.sandbox.store import ContactStore
from contact_editor.sandbox.tokens import Grant, Tokens, is_search, missing_scopes, required_scopes

log = logging.getLogger("contact_editor.sandbox")


@dataclasses.dataclass(frozen=True)
class Reply:
    """What to do with one request: send `response` (cut short when `truncate`), or drop the
    connection without answering when `response` is None."""

    response: r.Response | None
    truncate: bool = False


class SandboxApp:
    """Everything between the raw HTTP request and the answer."""

    def __init__(
        self,
        store: ContactStore,
        faults: Faults,
        requests: RequestLog,
        tokens: Tokens,
        limits: RateLimits,
        admin: Admin,
        clock: Callable[[], float],
    ) -> None:
        self.store = store
        self.faults = faults
        self.requests = requests
        self.tokens = tokens
        self.limits = limits
        self.admin = admin
        self._clock = clock

    def handle(
        self,
        method: str,
        target: str,
        headers: Mapping[str, str],
        body: bytes,
        client_host: str = "127.0.0.1",
    ) -> Reply:
        correlation_id = str(uuid.uuid4())
        split = urlsplit(target)
        if is_admin_path(split.path):
            answer = self.admin.handle(method, split.path, headers, body, client_host)
            return Reply(_with_correlation(answer, correlation_id))
        query = parse_qs(split.query, keep_blank_values=True)
        auth = self.tokens.check(headers, self._clock(), correlation_id)
        self.requests.add(
            RecordedRequest(
                method, split.path, query, _recorded_body(body), safe_headers(headers), auth.grant is not None
            )
        )
        canned = self.faults.before_answer(method, split.path)
        if canned is not None and canned.drop:
            return Reply(None)
        if canned is not None and not canned.truncate:
            response = _canned_response(canned, correlation_id)
        elif auth.grant is None:
            response = auth.refusal or r.unauthorized(correlation_id)
        else:
            response = self._answer(method, split.path, query, body, auth.grant, correlation_id)
        truncate = canned is not None and canned.truncate
        return Reply(_with_correlation(response, correlation_id), truncate=truncate)

    def _answer(
        self,
        method: str,
        path: str,
        query: Mapping[str, list[str]],
        body: bytes,
        grant: Grant,
        correlation_id: str,
    ) -> r.Response:
        decision = self.limits.take(correlation_id, search=is_search(method, path))
        if decision.refusal is not None:
            return decision.refusal
        needed = required_scopes(method, path)
        if needed and not needed & grant.scopes:
            response = missing_scopes(correlation_id, needed)
        else:
            incoming = Incoming(
                method=method,
                path=path,
                query=query,
                body=body,
                authorized=True,
                correlation_id=correlation_id,
            )
            response = dispatch(self.store, incoming)
        return dataclasses.replace(response, headers=(*response.headers, *decision.headers))


def _with_correlation(response: r.Response, correlation_id: str) -> r.Response:
    return dataclasses.replace(response, headers=(*response.headers, (hb.CORRELATION_HEADER, correlation_id)))


def _recorded_body(body: bytes) -> Any:
    try:
        return parse_json_body(body)
    except (ValueError, UnicodeDecodeError):
        return body.decode("utf-8", errors="replace")


def _canned_response(canned: CannedAnswer, correlation_id: str) -> r.Response:
    if isinstance(canned.body, str):
        return r.text_response(canned.status, canned.body, canned.headers)
    if canned.body is None:
        try:
            phrase = http.HTTPStatus(canned.status).phrase
        except ValueError:
            phrase = "Error"
        message = f"{phrase} (a fault the sandbox was asked to inject)"
        envelope = r.error_envelope(message, correlation_id, None)
        return r.raw_json_response(canned.status, envelope, canned.headers)
    return r.raw_json_response(canned.status, canned.body, canned.headers)


class SandboxHTTPServer(ThreadingHTTPServer):
    """A threading server that knows its connections and in-flight requests."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], app: SandboxApp) -> None:
        super().__init__(address, _Handler)
        self.app = app
        self._cond = threading.Condition()
        self._connections: set[socket.socket] = set()
        self._in_flight = 0

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._cond:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._cond:
            self._connections.discard(request)
        super().shutdown_request(request)

    @contextlib.contextmanager
    def in_flight(self) -> Iterator[None]:
        with self._cond:
            self._in_flight += 1
        try:
            yield
        finally:
            with self._cond:
                self._in_flight -= 1
                self._cond.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no request is being answered; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: self._in_flight == 0, timeout=timeout)

    def close_connections(self) -> None:
        """Cut every open connection (idle keep-alive ones included)."""
        with self._cond:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError, OSError)):
            log.debug("connection closed: %s", type(error).__name__)
        else:
            log.error("sandbox request failed", exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 30  # seconds an idle keep-alive connection is kept open
    # Headers and body go out in two writes; with Nagle's algorithm on, the body waits for the
    # client's delayed ACK of the headers (about 40 ms a response on Linux loopback). HubSpot's
    # own servers show no such pause, so neither may the sandbox.
    disable_nagle_algorithm = True
    server: SandboxHTTPServer

    def do_GET(self) -> None:
        self._serve()

    def do_PATCH(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def _serve(self) -> None:
        with self.server.in_flight():
            body = self._read_body()
            headers = dict(self.headers.items())
            reply = self.server.app.handle(self.command, self.path, headers, body, self.client_address[0])
            if reply.response is None:
                self.close_connection = True
                return
            self._write(reply.response, truncate=reply.truncate)

    def _read_body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        return self.rfile.read(length) if length > 0 else b""

    def _write(self, response: r.Response, *, truncate: bool = False) -> None:
        """Send the answer; when `truncate`, promise the whole body but send only its first half and
        close the connection (what a connection that dies mid-answer looks like to the client)."""
        body = response.body
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(max(len(body), 1) if truncate else len(body)))
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body[: len(body) // 2] if truncate else body)
        self.wfile.flush()
        if truncate:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_WR)

    def version_string(self) -> str:
        return "HubSpotSandbox/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)
