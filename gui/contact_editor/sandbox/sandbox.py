"""`Sandbox`: a fake HubSpot on 127.0.0.1 for the demo mode and for tests.

    with Sandbox() as sb:                       # demo seed, token DEMO_TOKEN, free port
        client = HubSpotClient(sb.url, lambda: DEMO_TOKEN)
        sb.latency = 0.2                        # every answer waits 0.2 s
        gate = sb.hold("PATCH")                 # PATCHes wait ...
        gate.release()                          # ... until released (or sb.stop())
        sb.fail_next("PATCH", "/crm/v3/objects/contacts/", 502, "<html>Bad gateway</html>")
        sb.set_value("512", "firstname", "Else")   # another writer
        sb.requests[-1].body                    # what the client sent
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from types import TracebackType
from typing import Any

from contact_editor.sandbox.behaviour import DEMO_TOKEN
from contact_editor.sandbox.faults import CannedAnswer, Faults, Gate
from contact_editor.sandbox.recording import RecordedRequest, RequestLog
from contact_editor.sandbox.seed import Seed
from contact_editor.sandbox.server import SandboxApp, SandboxHTTPServer
from contact_editor.sandbox.store import ContactStore

_POLL_INTERVAL = 0.05
_STOP_GRACE = 2.0


class Sandbox:
    """A loopback HubSpot CRM v3 contacts API with test hooks. Thread-safe."""

    def __init__(
        self, seed: Seed | None = None, token: str = DEMO_TOKEN, *, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self._store = ContactStore(seed if seed is not None else Seed.demo())
        self._faults = Faults()
        self._log = RequestLog()
        self._app = SandboxApp(self._store, self._faults, self._log, token)
        self._address = (host, port)
        self._server: SandboxHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopped = False

    def __repr__(self) -> str:
        where = self._url_or_none() or ("stopped" if self._stopped else "not started")
        return f"<Sandbox {where}>"

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> str:
        """Bind and serve in a daemon thread; return the base URL. Calling it again is harmless."""
        if self._stopped:
            raise RuntimeError("a stopped sandbox cannot be restarted")
        if self._server is None:
            self._server = SandboxHTTPServer(self._address, self._app)
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                kwargs={"poll_interval": _POLL_INTERVAL},
                name=f"sandbox:{self._server.server_address[1]}",
                daemon=True,
            )
            self._thread.start()
        return self.url

    def stop(self) -> None:
        """Release held requests, let answers in progress finish (up to 2 s), close every
        connection and stop serving. Idempotent; never hangs."""
        self._stopped = True
        self._faults.stop()
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.shutdown()
        server.wait_idle(_STOP_GRACE)
        server.close_connections()
        server.server_close()
        thread.join(_STOP_GRACE)

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The base URL, e.g. "http://127.0.0.1:54321" (use it as the client's api_base)."""
        url = self._url_or_none()
        if url is None:
            raise RuntimeError("the sandbox is not running; call start() first")
        return url

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the sandbox is not running; call start() first")
        return int(self._server.server_address[1])

    def _url_or_none(self) -> str | None:
        if self._server is None or self._stopped:
            return None
        host = str(self._server.server_address[0])
        return f"http://{host}:{self._server.server_address[1]}"

    # --- inspection and data hooks --------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, oldest first (a copy)."""
        return self._log.snapshot()

    def clear_requests(self) -> None:
        self._log.clear()

    def contact_ids(self) -> list[str]:
        return self._store.contact_ids()

    def contact_values(self, contact_id: str) -> dict[str, str | None]:
        """All defined properties of a contact, None where it has no value. KeyError if unknown."""
        try:
            return self._store.values(contact_id)
        except LookupError as exc:
            raise KeyError(contact_id) from exc

    def set_value(self, contact_id: str, name: str, value: str | None) -> None:
        """Change a value as another writer would (no validation; "" or None clears) and move
        updatedAt/lastmodifieddate on. KeyError for an unknown contact or property."""
        try:
            self._store.set_value(contact_id, name, value)
        except LookupError as exc:
            raise KeyError(exc.args[0] if exc.args else contact_id) from exc

    # --- fault hooks --------------------------------------------------------------------------

    @property
    def latency(self) -> float:
        """Seconds every request waits before it is answered (0 by default)."""
        return self._faults.latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        self._faults.latency = seconds

    def hold(self, method: str, path_prefix: str = "") -> Gate:
        """Make requests with this method (and path prefix) wait until `gate.release()` or `stop()`."""
        return self._faults.hold(method, path_prefix)

    def fail_next(
        self,
        method: str,
        path_prefix: str,
        status: int,
        body: Mapping[str, Any] | str,
        count: int = 1,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Answer the next `count` matching requests with `status` and `body` instead.

        A mapping is sent as JSON exactly as given; a string is sent as text (text/html when it
        starts with "<"). `headers` may add e.g. Retry-After or override Content-Type.
        """
        answer = CannedAnswer(status=status, body=body, headers=dict(headers or {}))
        self._faults.add_rule(method, path_prefix, answer, count)

    def drop_next(self, method: str, path_prefix: str = "", count: int = 1) -> None:
        """Close the connection of the next `count` matching requests without answering."""
        self._faults.add_rule(method, path_prefix, CannedAnswer(status=0, body=None, drop=True), count)

    def reset_faults(self) -> None:
        """Forget canned answers, release all gates and set latency back to 0."""
        self._faults.clear()
