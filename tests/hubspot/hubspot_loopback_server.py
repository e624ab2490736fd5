"""A tiny real HTTP server on 127.0.0.1 for the HubSpot client tests (not a mock of requests).

It answers each request with a canned response (status, body, headers), records what it got,
and can misbehave on purpose: close the connection before answering or halfway through the
body, or stall (before answering, or halfway through the body) past the client's read timeout.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555"  # a made-up private-app token


@dataclass
class Canned:
    """One answer. A dict/list body is sent as JSON; str/bytes as given."""

    status: int = 200
    body: Any = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # stall before sending anything
    drop: str | None = None  # "before": close without answering; "mid_body": close halfway through
    stall_mid_body: float = 0.0  # send headers + half the body, then stall

    def payload(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode("utf-8")
        return json.dumps(self.body).encode("utf-8")

    def content_type(self) -> str:
        return "text/plain" if isinstance(self.body, str | bytes) else "application/json"


@dataclass(frozen=True)
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    raw_query: str
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-cased names
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class LoopbackServer:
    """Serves `queue`d Canned answers in order, then `responder(seen)` or `default`."""

    def __init__(self) -> None:
        self.default = Canned(404, {"message": "no canned answer"})
        self.responder: Callable[[Seen], Canned] | None = None
        self._queue: deque[Canned] = deque()
        self._seen: list[Seen] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.url = ""

    def start(self) -> str:
        server = _QuietServer(("127.0.0.1", 0), _make_handler(self))
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.daemon = True
        self._thread.start()
        self.url = f"http://127.0.0.1:{server.server_address[1]}"
        return self.url

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def queue(self, *answers: Canned) -> None:
        with self._lock:
            self._queue.extend(answers)

    @property
    def requests(self) -> list[Seen]:
        with self._lock:
            return list(self._seen)

    def _answer_for(self, seen: Seen) -> Canned:
        with self._lock:
            self._seen.append(seen)
            if self._queue:
                return self._queue.popleft()
        return self.responder(seen) if self.responder else self.default

    def sleep(self, seconds: float) -> None:
        self._stopping.wait(seconds)


class _QuietServer(ThreadingHTTPServer):
    """Handler threads are daemons; errors from clients that went away are expected here."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


def _make_handler(owner: LoopbackServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            seen = Seen(
                method=self.command,
                path=parts.path,
                raw_query=parts.query,
                query=parse_qs(parts.query, keep_blank_values=True),
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
            )
            answer = owner._answer_for(seen)
            owner.sleep(answer.delay)
            if answer.drop == "before":
                self.close_connection = True
                return
            self._write(answer)

        def _write(self, answer: Canned) -> None:
            payload = answer.payload()
            self.send_response(answer.status)
            headers = {"Content-Type": answer.content_type(), **answer.headers}
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            half = len(payload) // 2
            if answer.drop == "mid_body" or answer.stall_mid_body:
                self.wfile.write(payload[:half])
                self.wfile.flush()
                owner.sleep(answer.stall_mid_body)
                self.close_connection = True
                return
            self.wfile.write(payload)

        do_GET = do_PATCH = do_POST = do_PUT = do_DELETE = _handle

    return Handler
