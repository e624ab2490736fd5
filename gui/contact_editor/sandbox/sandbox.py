"""`Sandbox`: a fake HubSpot on 127.0.0.1 for the demo mode and for tests.

    with Sandbox() as sb:                       # demo seed, token DEMO_TOKEN, free port
        client = HubSpotClient(sb.url, lambda: DEMO_TOKEN)
        sb.latency = 0.2                        # every answer waits 0.2 s
        gate = sb.hold("PATCH")                 # PATCHes wait ...
        gate.release()                          # ... until released (or sb.stop())
        sb.fail_next("PATCH", "/crm/v3/objects/contacts/", 502, "<html>Bad gateway</html>")
        sb.drop_next("GET", "/crm/v3/objects/contacts")      # connection closed, no answer
        sb.truncate_next("GET", "/crm/v3/properties")        # half the body, then closed
        sb.garble_next("GET", "/crm/v3/objects/contacts")    # 200 whose body is not JSON
        sb.set_value("512", "firstname", "Else")   # another writer
        sb.requests[-1].body                    # what the client sent
        token = sb.mint_token(scopes=["crm.objects.contacts.read"], expires_in=-5)  # 401/403 tests
        sb.set_limits(burst=3)                  # the 4th request within 10 s gets 429

Rate limits (see `limits`): `Sandbox(burst=100, daily=250_000, search_per_second=5)` by default,
HubSpot's figures for a Free/Starter private app; `clock=` (epoch seconds) lets tests move time on.
The admin endpoint (see `admin`) steers a running sandbox over HTTP with `sb.admin_secret`.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from types import TracebackType
from typing import Any

from contact_editor.sandbox import behaviour as hb
from contact_editor.sandbox.admin import Admin
from contact_editor.sandbox.behaviour import DEMO_TOKEN
from contact_editor.sandbox.faults import GARBLED_BODY, CannedAnswer, Faults, FaultSpec, Gate
from contact_editor.sandbox.limits import RateLimits
from contact_editor.sandbox.recording import RecordedRequest, RequestLog
from contact_editor.sandbox.seed import Seed
from contact_editor.sandbox.server import SandboxApp, SandboxHTTPServer
from contact_editor.sandbox.store import ContactStore
from contact_editor.sandbox.tokens import Tokens

_POLL_INTERVAL = 0.05
_STOP_GRACE = 2.0


class Sandbox:
    """A loopback HubSpot CRM v3 contacts API with test hooks. Thread-safe."""

    def __init__(
        self,
        seed: Seed | None = None,
        token: str = DEMO_TOKEN,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        burst: int = hb.DEFAULT_BURST,
        daily: int = hb.DEFAULT_DAILY,
        search_per_second: int = hb.DEFAULT_SEARCH_PER_SECOND,
        clock: Callable[[], float] = time.time,
        admin_secret: str | None = None,
        data_path: str | os.PathLike[str] | None = None,
    ) -> None:
        """`token` is accepted with every scope and never expires. `burst` requests per rolling 10 s,
        `daily` per UTC day and `search_per_second` searches per rolling second are allowed. `clock`
        (epoch seconds) drives rate limits and token expiry. `admin_secret` (random by default)
        unlocks the admin endpoint."""
        # data_path: keep contacts in this SQLite file (seeded only when new) instead of in memory.
        self._store = ContactStore(seed if seed is not None else Seed.demo(), data_path)
        self._faults = Faults()
        self._log = RequestLog()
        self._clock = clock
        self._tokens = Tokens(token)
        self._limits = RateLimits(clock, burst=burst, daily=daily, search_per_second=search_per_second)
        self._admin_secret = admin_secret or secrets.token_urlsafe(18)
        admin = Admin(self._faults, self._limits, self._admin_secret)
        self._app = SandboxApp(self._store, self._faults, self._log, self._tokens, self._limits, admin, clock)
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

    # --- tokens and rate limits ---------------------------------------------------------------

    def mint_token(self, scopes: Iterable[str] | None = None, expires_in: float | None = None) -> str:
        """A new bearer token the sandbox accepts, granted `scopes` (every scope when None, e.g.
        ["crm.objects.contacts.read"] for a read-only token) and expiring `expires_in` seconds from
        now (never when None; negative: already expired, so it gets 401 EXPIRED_AUTHENTICATION)."""
        return self._tokens.mint(scopes, expires_in, self._clock())

    def set_limits(
        self, *, burst: int | None = None, daily: int | None = None, search_per_second: int | None = None
    ) -> None:
        """Change rate-limit budgets (None keeps one); requests counted so far still count."""
        self._limits.configure(burst=burst, daily=daily, search_per_second=search_per_second)

    def reset_limits(self) -> None:
        """Forget the requests counted so far (a fresh 10 s window, second and day)."""
        self._limits.reset()

    @property
    def rate_limits(self) -> dict[str, Any]:
        """{"burst", "burstRemaining", "daily", "dailyRemaining", "searchPerSecond"} now."""
        return self._limits.snapshot()

    @property
    def admin_secret(self) -> str:
        """The value of the X-Sandbox-Admin header the admin endpoint (/_sandbox/...) requires."""
        return self._admin_secret

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
        body: Mapping[str, Any] | str | None = None,
        count: int = 1,
        *,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Answer the next `count` matching requests with `status` and `body` instead (the request is
        not processed). Method "*" matches any method.

        A mapping is sent as JSON exactly as given; a string is sent as text (text/html when it
        starts with "<"); None sends a HubSpot-shaped error envelope with the request's
        correlationId. `headers` may add e.g. Retry-After or override Content-Type.
        """
        answer = CannedAnswer(status=status, body=body, headers=dict(headers or {}))
        self._faults.add_rule(method, path_prefix, answer, count)

    def drop_next(self, method: str, path_prefix: str = "", count: int = 1) -> None:
        """Close the connection of the next `count` matching requests without answering."""
        self._faults.add_rule(method, path_prefix, CannedAnswer(status=0, body=None, drop=True), count)

    def truncate_next(self, method: str, path_prefix: str = "", count: int = 1) -> None:
        """Process the next `count` matching requests for real (a PATCH is applied), then send the
        headers with the full Content-Length but only half the body, and close the connection."""
        self._faults.add_rule(method, path_prefix, CannedAnswer(status=0, body=None, truncate=True), count)

    def garble_next(
        self,
        method: str,
        path_prefix: str = "",
        count: int = 1,
        *,
        status: int = 200,
        body: str = GARBLED_BODY,
    ) -> None:
        """Answer the next `count` matching requests with `status` (200) and a body that is not JSON
        while Content-Type says application/json (the request is not processed)."""
        spec = FaultSpec("garble", method.upper(), path_prefix or "/", count, status, body)
        self._faults.add(spec)

    def add_fault(self, spec: FaultSpec) -> None:
        """Add a fault described by a FaultSpec (as the command line and the admin endpoint do)."""
        self._faults.add(spec)

    def reset_faults(self) -> None:
        """Forget canned answers, release all gates and set latency back to 0."""
        self._faults.clear()
