"""Cancelling a wait says whether anything the call sent may have taken effect."""

from __future__ import annotations

import pytest

from contact_editor.hubspot.errors import NetworkError, RateLimitError, ServerError
from contact_editor.hubspot.retry import Cancelled, RetryNotice, is_refusal
from contact_editor.workers.runner import JobContext


def _notice(error: Exception) -> RetryNotice:
    return RetryNotice(reason="server", seconds=0.0, attempt=1, error=error)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("error", "refusal"),
    [
        (RateLimitError("", status=429), True),
        (ServerError("", status=503), True),
        (ServerError("", status=500), False),
        (ServerError("", status=504), False),
        (NetworkError("timed out"), False),
    ],
)
def test_only_429_and_503_are_refusals(error, refusal) -> None:
    assert is_refusal(error) is refusal


def _cancel_after(*errors: Exception) -> Cancelled:
    context = JobContext(lambda notice: None)
    for error in errors[:-1]:
        context.wait(_notice(error))  # waits no time: seconds=0
    context.cancel()
    with pytest.raises(Cancelled) as caught:
        context.wait(_notice(errors[-1]))
    return caught.value


def test_cancel_after_refusals_only_is_refused() -> None:
    assert _cancel_after(ServerError("", status=503), RateLimitError("", status=429)).refused


def test_an_earlier_unknown_outcome_is_not_forgotten() -> None:
    # The first try timed out (it may have been applied); the second was turned away.
    assert not _cancel_after(NetworkError("timed out"), ServerError("", status=503)).refused
