"""The token scanner finds the secret in every form a leak could take, and nothing else."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
from token_scan import find_secret, text_contains_secret

TOKEN = "pat-na1-1111/2222+3333-4444"


@pytest.mark.parametrize(
    "content",
    [
        TOKEN.encode(),
        f"Authorization: Bearer {TOKEN}\n".encode(),
        quote(TOKEN, safe="").encode(),
        quote(TOKEN, safe="").lower().encode(),
        quote_plus(TOKEN).encode(),
        json.dumps({"t": TOKEN}).encode(),
        TOKEN.encode("utf-16-le"),
        base64.b64encode(TOKEN.encode()),
        base64.urlsafe_b64encode(TOKEN.encode()).rstrip(b"="),
        base64.b64encode(b"x" + TOKEN.encode() + b"yy"),  # inside longer base64, offset 1
        base64.b64encode(b"xy" + TOKEN.encode()),  # offset 2
        base64.b64encode(f"user:{TOKEN}".encode()),  # an HTTP Basic header
    ],
    ids=["plain", "header", "url", "url-lower", "url-plus", "json", "utf16", "b64", "b64url",
         "b64-in-1", "b64-in-2", "basic"],
)
def test_finds_every_form(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "deep" / "er").mkdir(parents=True)
    clean = tmp_path / "clean.txt"
    clean.write_text("nothing to see [redacted]", encoding="utf-8")
    leaky = tmp_path / "deep" / "er" / "settings.ini"
    leaky.write_bytes(b"prefix " + content + b" suffix")
    assert find_secret([tmp_path], TOKEN) == [str(leaky)]
    assert text_contains_secret(b"..." + content, TOKEN)


def test_names_single_files_and_missing_paths(tmp_path: Path) -> None:
    named = tmp_path / f"cache-{quote(TOKEN, safe='')}"
    named.write_text("harmless", encoding="utf-8")
    single = tmp_path / "one.log"
    single.write_text(f"x {TOKEN}", encoding="utf-8")
    assert find_secret([single, tmp_path / "missing"], TOKEN) == [str(single)]
    assert find_secret([tmp_path], TOKEN) == sorted([str(named), str(single)])


def test_clean_tree_and_text(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps({"token": "[redacted]"}), encoding="utf-8")
    (tmp_path / "b.bin").write_bytes(os.urandom(4096))
    assert find_secret([tmp_path], TOKEN) == []
    assert not text_contains_secret("Authorization: Bearer [redacted]", TOKEN)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_files_are_reported(tmp_path: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text("?", encoding="utf-8")
    locked.chmod(0)
    try:
        assert find_secret([tmp_path], TOKEN) == [f"{locked} (unreadable)"]
    finally:
        locked.chmod(0o600)


def test_an_empty_secret_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        find_secret([tmp_path], "")
