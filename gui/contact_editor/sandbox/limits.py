"""Rate limits as HubSpot applies them to a private app or service key (hubspot-api.md §5).

- Burst: at most `burst` requests in any rolling 10 s (policy TEN_SECONDLY_ROLLING).
- Daily: at most `daily` requests per UTC day, search included (policy DAILY).
- Search (POST .../search): at most `search_per_second` in any rolling second (policy SECONDLY),
  exempt from the burst bucket; its responses carry no X-HubSpot-RateLimit-* headers.
Refused requests use up nothing. Every other answer after the token check carries the headers.
The clock is injectable (epoch seconds), so tests can move time on instead of waiting.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from contact_editor.sandbox import behaviour as hb
from contact_editor.sandbox import responses as r

# VERIFIED header names (hubspot-api.md §5).
HEADER_MAX = "X-HubSpot-RateLimit-Max"
HEADER_REMAINING = "X-HubSpot-RateLimit-Remaining"
HEADER_INTERVAL = "X-HubSpot-RateLimit-Interval-Milliseconds"
HEADER_DAILY = "X-HubSpot-RateLimit-Daily"
HEADER_DAILY_REMAINING = "X-HubSpot-RateLimit-Daily-Remaining"

TEN_SECONDLY_ROLLING = "TEN_SECONDLY_ROLLING"
SECONDLY = "SECONDLY"
DAILY = "DAILY"

_BURST_WINDOW = hb.RATE_LIMIT_INTERVAL_MS / 1000
_SEARCH_WINDOW = 1.0

Clock = Callable[[], float]


@dataclass(frozen=True)
class LimitDecision:
    """Either a 429 to send instead (`refusal`), or the headers to add to the real answer."""

    refusal: r.Response | None
    headers: tuple[tuple[str, str], ...]


class RateLimits:
    """The burst, daily and search counters of one sandbox (one account). Thread-safe."""

    def __init__(
        self,
        clock: Clock,
        burst: int = hb.DEFAULT_BURST,
        daily: int = hb.DEFAULT_DAILY,
        search_per_second: int = hb.DEFAULT_SEARCH_PER_SECOND,
    ) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._burst = self._daily = self._search = 0
        self.configure(burst=burst, daily=daily, search_per_second=search_per_second)
        self._recent: deque[float] = deque()
        self._recent_searches: deque[float] = deque()
        self._day: date | None = None
        self._used_today = 0

    def configure(
        self, *, burst: int | None = None, daily: int | None = None, search_per_second: int | None = None
    ) -> None:
        """Change budgets (None keeps one). Counts so far are kept."""
        for name, value in (("burst", burst), ("daily", daily), ("search_per_second", search_per_second)):
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                raise ValueError(f"{name} must be a whole number >= 0")
        with self._lock:
            self._burst = self._burst if burst is None else burst
            self._daily = self._daily if daily is None else daily
            self._search = self._search if search_per_second is None else search_per_second

    def reset(self) -> None:
        """Forget every request counted so far (as if a new day began and 10 s had passed)."""
        with self._lock:
            self._recent.clear()
            self._recent_searches.clear()
            self._used_today = 0

    def snapshot(self) -> dict[str, Any]:
        """Budgets and what is left of them now, e.g. for the admin endpoint."""
        with self._lock:
            now = self._clock()
            self._expire(now)
            return {
                "burst": self._burst,
                "burstRemaining": max(self._burst - len(self._recent), 0),
                "daily": self._daily,
                "dailyRemaining": max(self._daily - self._used_today, 0),
                "searchPerSecond": self._search,
            }

    def take(self, correlation_id: str, *, search: bool) -> LimitDecision:
        """Count one request, or refuse it with HubSpot's 429."""
        with self._lock:
            now = self._clock()
            self._expire(now)
            if self._used_today >= self._daily:
                return LimitDecision(_too_many(correlation_id, DAILY, self._headers(search)), ())
            if search:
                if len(self._recent_searches) >= self._search:
                    return LimitDecision(_too_many(correlation_id, SECONDLY, ()), ())
                self._recent_searches.append(now)
            else:
                if len(self._recent) >= self._burst:
                    refusal = _too_many(correlation_id, TEN_SECONDLY_ROLLING, self._headers(search))
                    return LimitDecision(refusal, ())
                self._recent.append(now)
            self._used_today += 1
            return LimitDecision(None, self._headers(search))

    def _expire(self, now: float) -> None:
        today = datetime.fromtimestamp(now, UTC).date()
        if today != self._day:
            self._day, self._used_today = today, 0
        for window, seconds in ((self._recent, _BURST_WINDOW), (self._recent_searches, _SEARCH_WINDOW)):
            while window and window[0] <= now - seconds:
                window.popleft()
            # A clock moved backwards (tests) must not keep stale entries forever.
            while window and window[-1] > now:
                window.pop()

    def _headers(self, search: bool) -> tuple[tuple[str, str], ...]:
        if search:
            return ()
        return (
            (HEADER_MAX, str(self._burst)),
            (HEADER_REMAINING, str(max(self._burst - len(self._recent), 0))),
            (HEADER_INTERVAL, str(hb.RATE_LIMIT_INTERVAL_MS)),
            (HEADER_DAILY, str(self._daily)),
            (HEADER_DAILY_REMAINING, str(max(self._daily - self._used_today, 0))),
        )


_MESSAGES = {
    TEN_SECONDLY_ROLLING: hb.TEN_SECONDLY_MESSAGE,
    SECONDLY: hb.SECONDLY_MESSAGE,
    DAILY: hb.DAILY_MESSAGE,
}
_WINDOWS = {TEN_SECONDLY_ROLLING: "ten-secondly", SECONDLY: "search-secondly", DAILY: "daily"}


def rate_limited_body(correlation_id: str, policy: str) -> dict[str, Any]:
    """HubSpot's 429 body (python#117): no `category`, `errorType` RATE_LIMIT, policy and group."""
    return {
        "status": "error",
        "message": _MESSAGES[policy],
        "errorType": "RATE_LIMIT",
        "correlationId": correlation_id,
        "policyName": policy,
        "groupName": hb.RATE_LIMIT_GROUP.format(window=_WINDOWS[policy], app_id=hb.SANDBOX_APP_ID),
    }


def _too_many(correlation_id: str, policy: str, headers: tuple[tuple[str, str], ...]) -> r.Response:
    extra = list(headers)
    if hb.RATE_LIMIT_RETRY_AFTER is not None:
        extra.append(("Retry-After", str(hb.RATE_LIMIT_RETRY_AFTER)))
    return r.json_response(429, rate_limited_body(correlation_id, policy), extra)
