"""The app's log: a rotating file in the user's log directory plus warnings on stderr. No Qt.

:func:`setup_logging` is called once at start by ``app.main`` (which chooses the directory). Every
handler it installs carries a :class:`~contact_editor.redaction.RedactingFilter`, and so does every
handler already on the root logger, so no record reaches a file or a terminal with a registered
secret in it. Calling it again replaces the handlers it installed before (no duplicates).
"""

from __future__ import annotations

import io
import logging
import logging.handlers
import os
import sys
from pathlib import Path
from typing import Final

from contact_editor.redaction import RedactingFilter

__all__ = ["LOG_FILE_NAME", "current_log_path", "setup_logging"]

LOG_FILE_NAME: Final = "hubspot-contact-editor.log"
MAX_BYTES: Final = 1_000_000
BACKUP_COUNT: Final = 3
FILE_FORMAT: Final = "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"
STDERR_FORMAT: Final = "%(levelname)s %(name)s: %(message)s"

_OURS: Final = "_contact_editor_handler"


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler whose files are created readable by the user only (0o600 on POSIX)."""

    def _open(self) -> io.TextIOWrapper:
        if os.name == "posix":
            fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            os.close(fd)
        return super()._open()


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Log to ``log_dir / LOG_FILE_NAME`` (rotating, 1 MB x 3 backups) at ``level`` and to stderr
    at WARNING, both redacted. Creates the directory (0o700). Returns the log file's path.

    Idempotent: a second call removes (and closes) the handlers the first one installed.
    """
    log_dir = Path(log_dir)
    log_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = log_dir / LOG_FILE_NAME
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, _OURS, False):
            root.removeHandler(handler)
            handler.close()

    file_handler = _PrivateRotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
    )
    file_handler.setLevel(level)
    file_handler.setFormatter(logging.Formatter(FILE_FORMAT))
    stderr_handler = logging.StreamHandler(sys.stderr)
    stderr_handler.setLevel(logging.WARNING)
    stderr_handler.setFormatter(logging.Formatter(STDERR_FORMAT))
    for handler in (file_handler, stderr_handler):
        setattr(handler, _OURS, True)
        root.addHandler(handler)
    for handler in root.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
    root.setLevel(min(level, logging.WARNING))
    return path


def current_log_path() -> Path | None:
    """The file :func:`setup_logging` writes to, or None when it has not been called."""
    for handler in logging.getLogger().handlers:
        if getattr(handler, _OURS, False) and isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None
