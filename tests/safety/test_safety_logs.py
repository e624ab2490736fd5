"""setup_logging: a private rotating file plus stderr warnings, redacted, installed once."""

from __future__ import annotations

import logging
import logging.handlers
import os
import stat
from pathlib import Path

import pytest
from token_scan import find_secret, text_contains_secret

from contact_editor.logs import LOG_FILE_NAME, current_log_path, setup_logging
from contact_editor.redaction import RedactingFilter, register_secret

TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555"
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def ours(root: logging.Logger) -> list[logging.Handler]:
    return [h for h in root.handlers if getattr(h, "_contact_editor_handler", False)]


def flush(root: logging.Logger) -> None:
    for handler in root.handlers:
        handler.flush()


def test_file_and_stderr_handlers_installed_once(
    tmp_path: Path, clean_root_logger: logging.Logger, capsys: pytest.CaptureFixture[str]
) -> None:
    root = clean_root_logger
    path = setup_logging(tmp_path / "logs")
    again = setup_logging(tmp_path / "logs")
    assert path == again == tmp_path / "logs" / LOG_FILE_NAME
    handlers = ours(root)
    assert len(handlers) == 2
    kinds = sorted(type(h).__name__ for h in handlers)
    assert kinds == ["StreamHandler", "_PrivateRotatingFileHandler"]
    assert all(any(isinstance(f, RedactingFilter) for f in h.filters) for h in root.handlers)
    assert current_log_path() == path

    log = logging.getLogger("contact_editor.test")
    log.info("an info line")
    log.warning("a warning line")
    flush(root)
    text = path.read_text(encoding="utf-8")
    assert text.count("an info line") == 1
    assert text.count("a warning line") == 1
    err = capsys.readouterr().err
    assert "a warning line" in err
    assert "an info line" not in err


def test_another_directory_moves_the_file(tmp_path: Path, clean_root_logger: logging.Logger) -> None:
    first = setup_logging(tmp_path / "a")
    second = setup_logging(tmp_path / "b")
    logging.getLogger("contact_editor.test").warning("after the move")
    flush(clean_root_logger)
    assert len(ours(clean_root_logger)) == 2
    assert "after the move" in second.read_text(encoding="utf-8")
    assert "after the move" not in first.read_text(encoding="utf-8")


def test_the_token_never_reaches_file_or_stderr(
    tmp_path: Path, clean_root_logger: logging.Logger, capsys: pytest.CaptureFixture[str]
) -> None:
    register_secret(TOKEN)
    path = setup_logging(tmp_path)
    log = logging.getLogger("contact_editor.hubspot.client")
    log.warning("header %s", f"Authorization: Bearer {TOKEN}")
    log.info("dict %(t)s", {"t": TOKEN})
    try:
        raise ConnectionError(f"proxy refused https://api.hubapi.com/?hapikey={TOKEN}")
    except ConnectionError:
        log.exception("request failed")
    flush(clean_root_logger)
    text = path.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "ConnectionError: proxy refused" in text
    assert find_secret([tmp_path], TOKEN) == []
    assert not text_contains_secret(capsys.readouterr().err, TOKEN)


def test_handlers_already_on_the_root_logger_get_the_filter_too(
    tmp_path: Path, clean_root_logger: logging.Logger
) -> None:
    register_secret(TOKEN)
    stray = logging.FileHandler(tmp_path / "stray.log", encoding="utf-8")
    clean_root_logger.addHandler(stray)
    setup_logging(tmp_path / "logs")
    logging.getLogger("x").warning("token %s", TOKEN)
    flush(clean_root_logger)
    assert "token [redacted]" in (tmp_path / "stray.log").read_text(encoding="utf-8")
    assert find_secret([tmp_path], TOKEN) == []


@posix_only
def test_private_permissions_and_rotation(tmp_path: Path, clean_root_logger: logging.Logger) -> None:
    path = setup_logging(tmp_path / "logs")
    assert stat.S_IMODE((tmp_path / "logs").stat().st_mode) & 0o077 == 0
    log = logging.getLogger("contact_editor.test")
    line = "x" * 10_000
    for _ in range(500):  # about 5 MB: more than the file and its three backups hold
        log.info(line)
    flush(clean_root_logger)
    files = sorted(p.name for p in path.parent.iterdir())
    assert files == [LOG_FILE_NAME, f"{LOG_FILE_NAME}.1", f"{LOG_FILE_NAME}.2", f"{LOG_FILE_NAME}.3"]
    for name in files:
        file = path.parent / name
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, name
        assert file.stat().st_size <= 1_100_000
