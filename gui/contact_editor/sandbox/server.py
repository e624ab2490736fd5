"""The HTTP side of the sandbox: a ThreadingHTTPServer whose handler runs each request through
authentication, recording, the fault hooks and the routes.

The server tracks its open connections and in-flight requests so that `stop()` can let answers in
progress finish (briefly) and then cut every keep-alive connection, instead of hanging.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hmac
import logging
import socket
import sys
import threading
import uuid
from collections.abc import Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from contact_editor.sandbox import behaviour as hb
from contact_editor.sandbox import responses as r
from contact_editor.sandbox.faults import CannedAnswer, Faults
from contact_editor.sandbox.recording import RecordedRequest, RequestLog, safe_headers
from contact_editor.sandbox.routes import Incoming, dispatch, parse_json_body
from contact_editor.sandbox.store import ContactStore

log = logging.getLogger("contact_editor.sandbox")


class SandboxApp:
    """Everything between the raw HTTP request and the answer."""

    def __init__(self, store: ContactStore, faults: Faults, requests: RequestLog, token: str) -> None:
        self.store = store
        self.faults = faults
        self.requests = requests
        self._token = token

    def handle(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> r.Response | None:
        """The answer to one request, or None to drop the connection without answering."""
        correlation_id = str(uuid.uuid4())
        split = urlsplit(target)
        query = parse_qs(split.query, keep_blank_values=True)
        authorized = self._is_authorized(headers)
        recorded_body = _recorded_body(body)
        self.requests.add(
            RecordedRequest(method, split.path, query, recorded_body, safe_headers(headers), authorized)
        )
        canned = self.faults.before_answer(method, split.path)
        if canned is not None:
            if canned.drop:
                return None
            response = _canned_response(canned)
        else:
            incoming = Incoming(method, split.path, query, body, authorized, correlation_id)
            response = dispatch(self.store, incoming)
        headers_out = (*response.headers, (hb.CORRELATION_HEADER, correlation_id))
        return dataclasses.replace(response, headers=headers_out)

    def _is_authorized(self, headers: Mapping[str, str]) -> bool:
        value = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
        scheme, _, token = value.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return False
        return hmac.compare_digest(token.strip().encode("utf-8"), self._token.encode("utf-8"))


def _recorded_body(body: bytes) -> Any:
    try:
        return parse_json_body(body)
    except ValueError:
        return body.decode("utf-8", errors="replace")


def _canned_response(canned: CannedAnswer) -> r.Response:
    if isinstance(canned.body, str):
        return r.text_response(canned.status, canned.body, canned.headers)
    return r.raw_json_response(canned.status, canned.body or {}, canned.headers)


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
            response = self.server.app.handle(self.command, self.path, dict(self.headers.items()), body)
            if response is None:
                self.close_connection = True
                return
            self._write(response)

    def _read_body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        return self.rfile.read(length) if length > 0 else b""

    def _write(self, response: r.Response) -> None:
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(response.body)
        self.wfile.flush()

    def version_string(self) -> str:
        return "HubSpotSandbox/1.0"

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)
