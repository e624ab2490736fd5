"""Write a file so that a crash or a kill at any moment leaves the old content or the new, never
half of it: a temporary file in the same folder, fsync, `os.replace`, then fsync the folder. No Qt."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

TMP_SUFFIX = ".tmp"  # of the temporary files (a folder's owner may sweep up stale ones)


def write_atomically(target: Path, data: bytes, *, prefix: str, private: bool = False) -> None:
    """Replace `target` with `data`; OSError on failure, with `target` untouched. `private` makes
    the file readable by its owner only (0o600, POSIX)."""
    fd, tmp_name = tempfile.mkstemp(prefix=prefix, suffix=TMP_SUFFIX, dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            if private and os.name == "posix":
                os.fchmod(handle.fileno(), 0o600)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_directory(target.parent)


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); best effort."""
    if os.name != "posix":
        return
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
