"""The one place that hides secrets (the access token) in text: messages, logs, tracebacks. No Qt.

* :func:`redact` replaces every copy of each secret in a text with ``[redacted]``: the plain
  secret, its URL-encoded forms (``quote``, ``quote_plus``, lower-case hex), its JSON/repr-escaped
  forms and its base64 forms. Any ``Bearer <credential>`` (an Authorization header value: a
  token-shaped word with a digit in it) is hidden too, even when it was never registered.
  Secrets shorter than :data:`MIN_SECRET_LENGTH` characters are ignored: hiding "a" would
  destroy every text, and no real token is that short.
* :func:`register_secret` / :func:`registered_secrets`: a process-wide, thread-safe registry of
  the secrets in use (the token is registered when the app learns it; see
  ``contact_editor.auth.token_source.TokenSource``).
* :class:`RedactingFilter`: a ``logging.Filter`` for handlers that redacts every record's message,
  arguments, exception text and stack text with the registry (and any extra secrets given).

The result never contains a secret, even when a replacement happens to form a new copy with the
text around it (the replacement is repeated; a secret that is part of ``[redacted]`` itself is
removed with a different marker).
"""

from __future__ import annotations

import base64
import functools
import json
import logging
import re
import threading
import traceback
from collections.abc import Iterable
from typing import Final
from urllib.parse import quote, quote_plus

__all__ = [
    "MIN_SECRET_LENGTH",
    "REDACTED",
    "RedactingFilter",
    "redact",
    "register_secret",
    "registered_secrets",
]

REDACTED: Final = "[redacted]"
MIN_SECRET_LENGTH: Final = 8

# Markers tried in turn: the next one only when a secret could be rebuilt from the previous marker
# and the text around it (a secret such as "redacted" or "acted]xyz"). "" always terminates.
_MARKERS: Final = (REDACTED, "[hidden]", "***", "")
_MAX_PASSES: Final = 4
# "Bearer" followed by something shaped like a token (an RFC 6750 b64token of 8+ characters with
# a digit in it, so that English such as "Bearer instruments" is left alone): hidden whatever it is.
_BEARER_RE: Final = re.compile(
    r"\b(Bearer|BEARER|bearer)(\s+|%20|\+)(?=[A-Za-z\-._~+/]*[0-9])([A-Za-z0-9\-._~+/]{8,}=*)"
)
_PERCENT_RE: Final = re.compile(r"%[0-9A-F]{2}")

_lock = threading.Lock()
_registry: set[str] = set()
_registry_snapshot: tuple[str, ...] = ()


def register_secret(secret: str) -> None:
    """Remember ``secret`` (process-wide) so that :class:`RedactingFilter` hides it from now on.
    Blank or too short secrets are ignored; surrounding whitespace is stripped."""
    global _registry_snapshot
    if not isinstance(secret, str):
        return
    cleaned = secret.strip()
    if len(cleaned) < MIN_SECRET_LENGTH:
        return
    with _lock:
        if cleaned not in _registry:
            _registry.add(cleaned)
            _registry_snapshot = tuple(sorted(_registry))


def registered_secrets() -> tuple[str, ...]:
    """A snapshot of the registered secrets."""
    return _registry_snapshot


def redact(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every copy of each secret (and its encoded forms) and every ``Bearer <...>``
    credential replaced by ``[redacted]``. Blank or very short secrets are ignored."""
    if not isinstance(text, str):
        text = str(text)
    text = _BEARER_RE.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)
    usable = tuple(sorted({s for s in secrets if isinstance(s, str) and len(s) >= MIN_SECRET_LENGTH}))
    if not usable or not text:
        return text
    pattern = _pattern(usable)
    if pattern.search(text) is None:
        return text
    for marker in _MARKERS:
        result = text
        for _ in range(_MAX_PASSES if marker else len(text) + 1):
            result = pattern.sub(marker, result)
            if pattern.search(result) is None:
                return result
    return ""  # unreachable: removing with "" shrinks the text on every pass


@functools.lru_cache(maxsize=64)
def _pattern(secrets: tuple[str, ...]) -> re.Pattern[str]:
    forms: set[str] = set()
    for secret in secrets:
        forms.update(_forms(secret))
    ordered = sorted((f for f in forms if f), key=lambda f: (-len(f), f))
    return re.compile("|".join(re.escape(f) for f in ordered))


def _forms(secret: str) -> set[str]:
    """The secret as it may appear in text: plain, URL-encoded, escaped, base64."""
    raw = secret.encode("utf-8", errors="surrogatepass")
    forms = {
        secret,
        quote(secret, safe="", errors="surrogatepass"),
        quote(secret, errors="surrogatepass"),
        quote_plus(secret, errors="surrogatepass"),
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        repr(secret)[1:-1],
        base64.b64encode(raw).decode("ascii"),
        base64.urlsafe_b64encode(raw).decode("ascii"),
    }
    forms |= {form.rstrip("=") for form in forms}
    forms |= {_PERCENT_RE.sub(lambda m: m.group(0).lower(), form) for form in forms}
    # A form much shorter than the secret (cannot happen with the encodings above) would hide
    # too much; keep only forms at least as long as the minimum.
    return {form for form in forms if len(form) >= MIN_SECRET_LENGTH}


class RedactingFilter(logging.Filter):
    """Redacts each record's message, arguments, exception and stack text (registry + extras).

    Attach it to *handlers* (a logger's own filters do not see records from child loggers). The
    record is rewritten in place: ``msg`` becomes the final redacted message, ``args`` becomes
    empty, ``exc_text`` the redacted traceback and ``exc_info`` is dropped, so no handler or
    formatter later in the chain can format the secret back in. Never raises.
    """

    def __init__(self, extra_secrets: Iterable[str] = (), name: str = "") -> None:
        super().__init__(name)
        self._extra = tuple(extra_secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = registered_secrets() + self._extra
        try:
            try:
                message = record.getMessage()
            except Exception:  # a bad format string or args: keep what there is
                message = f"{record.msg!s} {record.args!r}"
            record.msg = redact(message, secrets)
            record.args = ()
            if record.exc_info and record.exc_info[0] is not None:
                record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
            record.exc_info = None
            if record.exc_text:
                record.exc_text = redact(record.exc_text, secrets)
            if record.stack_info:
                record.stack_info = redact(record.stack_info, secrets)
        except Exception:  # never let logging fail, and never let an unredacted record through
            record.msg = "(a log message could not be redacted and was dropped)"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True
