"""Find a secret (the access token) in files and captured output, in any form it could leak in.

    from token_scan import find_secret, text_contains_secret   # tests in tests/safety
    assert find_secret([tmp_home, log_dir], TOKEN) == []
    assert not text_contains_secret(captured.err, TOKEN)

(From another test folder, put ``tests/safety`` on ``sys.path`` first, or import it by path.)

Forms searched, as bytes: the secret in UTF-8 and UTF-16 (LE/BE); URL-encoded (``quote``,
``quote_plus``, upper and lower case hex); JSON-escaped; base64 and URL-safe base64, including
the secret inside a longer base64 text (at each of the three byte alignments). File and
directory *names* are checked too.
"""

from __future__ import annotations

import base64
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote, quote_plus

__all__ = ["find_secret", "secret_forms", "text_contains_secret"]

_MIN_CORE = 8


def secret_forms(secret: str) -> set[bytes]:
    """Every byte string whose presence means the secret leaked."""
    if not secret:
        raise ValueError("an empty secret matches everything")
    raw = secret.encode("utf-8")
    texts = {
        secret,
        quote(secret, safe=""),
        quote(secret),
        quote_plus(secret),
        json.dumps(secret)[1:-1],
    }
    texts |= {_lower_hex(text) for text in texts}
    forms: set[bytes] = set()
    for text in texts:
        forms.add(text.encode("utf-8"))
        forms.add(text.encode("utf-16-le"))
        forms.add(text.encode("utf-16-be"))
    for encode in (base64.b64encode, base64.urlsafe_b64encode):
        forms.add(encode(raw).rstrip(b"="))
        for offset in (1, 2):
            # The secret inside longer base64 data: drop the first group (mixed with what comes
            # before) and the last (mixed with what comes after); the middle is the secret's own.
            core = encode(b"\0" * offset + raw)[4:]
            core = core[: len(core) - 4] if len(core) > 4 else b""
            if len(core) >= _MIN_CORE:
                forms.add(core)
        core = encode(raw)
        core = core[: len(core) - 4] if len(core) > 4 else b""
        if len(core) >= _MIN_CORE:
            forms.add(core)
    return {form for form in forms if form}


def _lower_hex(text: str) -> str:
    return re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), text)


def text_contains_secret(data: str | bytes, secret: str) -> bool:
    """Whether captured output (text or bytes) holds the secret in any form."""
    blob = data.encode("utf-8", errors="surrogatepass") if isinstance(data, str) else data
    return any(form in blob for form in secret_forms(secret))


def find_secret(paths: Iterable[Path], secret: str) -> list[str]:
    """The files (searched recursively under directories) whose content or name holds the
    secret in any form, sorted. A file that cannot be read is reported as "<path> (unreadable)"
    so that a scan never passes by skipping something."""
    forms = secret_forms(secret)
    name_forms = {form.decode("utf-8", errors="ignore") for form in forms} - {""}
    found: set[str] = set()
    for start in paths:
        for path in _walk(Path(start)):
            if any(form in path.name for form in name_forms):
                found.add(str(path))
                continue
            if not path.is_file():
                continue
            try:
                blob = path.read_bytes()
            except OSError:
                found.add(f"{path} (unreadable)")
                continue
            if any(form in blob for form in forms):
                found.add(str(path))
    return sorted(found)


def _walk(start: Path) -> Iterable[Path]:
    if not start.exists() and not start.is_symlink():
        return
    yield start
    if start.is_dir() and not start.is_symlink():
        for root, dirs, files in os.walk(start, followlinks=False):
            for name in dirs + files:
                yield Path(root) / name
