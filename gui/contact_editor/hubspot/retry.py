"""When to try a HubSpot call again, and how long to wait first (F10, hubspot-api.md §3 and §5).

- 429 with the ten-second (or search's per-second) policy: wait `Retry-After` when HubSpot sends it,
  else about 10 s (1 s for the per-second policy), then retry.
- 429 with the `DAILY` policy: never retry; the portal is out of calls until midnight.
- 5xx, timeouts, dropped connections and unreadable answers: retry with growing waits, a bounded
  number of times. A PATCH carries absolute values, so sending it again is safe.
- 400, 401, 403, 404, 409 and anything else: never retried.

`call_with_retries` does the loop; the waiting itself is the caller's (`Waiter`), so the worker
can show a countdown and let the person cancel, and tests can wait no time at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from contact_editor.hubspot.errors import (
    HubSpotError,
    NetworkError,
    RateLimitError,
    ServerError,
    UnexpectedResponseError,
)

T = TypeVar("T")


class Cancelled(Exception):
    """The person cancelled while the app was waiting to try again. `refused`: every failed try of
    the call was answered with a refusal that stores nothing (`is_refusal`), so nothing it sent took
    effect; otherwise the outcome of a request that went out is unknown."""

    def __init__(self, refused: bool = False) -> None:
        super().__init__()
        self.refused = refused


def is_refusal(error: HubSpotError) -> bool:
    """A rate limit (429) or "service unavailable" (503): HubSpot stored nothing. After a timeout, a
    dropped connection or another 5xx a request may or may not have taken effect."""
    return isinstance(error, RateLimitError) or (isinstance(error, ServerError) and error.status == 503)


@dataclass(frozen=True)
class RetryNotice:
    """What the app is waiting for: shown to the person as a countdown."""

    reason: str  # "rate_limit" | "server" | "network"
    seconds: float
    attempt: int  # the attempt that failed, from 1
    error: HubSpotError


class Waiter(Protocol):
    def wait(self, notice: RetryNotice) -> None:
        """Wait `notice.seconds`; raise `Cancelled` if the person cancels meanwhile."""


@dataclass(frozen=True)
class RetryPolicy:
    backoff: tuple[float, ...] = (1.0, 2.0, 4.0)  # waits before the 2nd, 3rd, 4th try after a fault
    rate_limit_wait: float = 10.0  # HubSpot's SDKs wait 10 s for the ten-second window
    secondly_wait: float = 1.0
    rate_limit_tries: int = 3  # waits for the rate limit before giving up
    longest_wait: float = 60.0  # a Retry-After above this is capped

    def delay(self, error: HubSpotError, attempt: int) -> tuple[str, float] | None:
        """(reason, seconds to wait) before trying again after `attempt` failed; None: give up."""
        if isinstance(error, RateLimitError):
            return self._rate_limit_delay(error, attempt)
        if isinstance(error, ServerError | NetworkError | UnexpectedResponseError):
            if attempt > len(self.backoff):
                return None
            reason = "server" if isinstance(error, ServerError) else "network"
            return reason, self.backoff[attempt - 1]
        return None

    def _rate_limit_delay(self, error: RateLimitError, attempt: int) -> tuple[str, float] | None:
        policy = (error.policy_name or "").upper()
        if policy == "DAILY" or attempt > self.rate_limit_tries:
            return None
        if error.retry_after is not None:
            seconds = error.retry_after
        elif policy == "SECONDLY":
            seconds = self.secondly_wait
        else:
            seconds = self.rate_limit_wait
        return "rate_limit", min(max(seconds, 0.0), self.longest_wait)


def call_with_retries(call: Callable[[], T], policy: RetryPolicy, waiter: Waiter) -> T:
    """Run `call()`, trying again as `policy` allows; raises the last error or `Cancelled`."""
    attempt = 1
    while True:
        try:
            return call()
        except HubSpotError as error:
            decision = policy.delay(error, attempt)
            if decision is None:
                raise
            reason, seconds = decision
            waiter.wait(RetryNotice(reason=reason, seconds=seconds, attempt=attempt, error=error))
            attempt += 1
