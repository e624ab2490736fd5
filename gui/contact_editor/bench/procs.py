"""Child processes of the benchmark: a private environment, timing from spawn, peak RSS.

Every child gets its own HOME, XDG folders and app data folder (nothing of the developer's is read
or written), the sandbox's token in HUBSPOT_ACCESS_TOKEN and keyring's "fail" backend. The parent
reaps each child with `os.wait4`, whose `ru_maxrss` is that child's own peak RSS.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contact_editor.sandbox import DEMO_TOKEN


@dataclass
class ChildResult:
    started: float  # time.monotonic() just before the spawn
    returncode: int
    peak_rss_kb: int  # the child's own peak resident set (ru_maxrss, KiB on Linux)
    data: dict[str, Any] = field(default_factory=dict)  # the last JSON line the child printed
    stderr: str = ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and bool(self.data)


class Workspace:
    """A temporary folder holding each child's private HOME and data folder."""

    def __init__(self, platform: str) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="contact-editor-bench-")
        self.root = Path(self._dir.name)
        self.platform = platform
        self._count = 0

    def env(self, *, data_dir: Path | None = None) -> dict[str, str]:
        """An environment for one child; a fresh data folder unless `data_dir` is given."""
        self._count += 1
        home = self.root / f"home-{self._count}"
        for sub in ("config", "data", "cache", "runtime"):
            (home / sub).mkdir(parents=True, exist_ok=True)
        (home / "runtime").chmod(0o700)
        env = dict(os.environ)
        env.pop("HUBSPOT_API_BASE", None)
        env.update(
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_DATA_HOME=str(home / "data"),
            XDG_CACHE_HOME=str(home / "cache"),
            XDG_RUNTIME_DIR=str(home / "runtime"),
            HUBSPOT_CONTACT_EDITOR_DATA_DIR=str(data_dir or home / "app-data"),
            HUBSPOT_ACCESS_TOKEN=DEMO_TOKEN,
            PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
            QT_QPA_PLATFORM=self.platform,
            PYTHONDONTWRITEBYTECODE="1",
        )
        return env

    def cleanup(self) -> None:
        self._dir.cleanup()


def run_child(module: str, args: list[str], env: dict[str, str], timeout: float) -> ChildResult:
    """Run `python -m module args...`; its last stdout line that parses as JSON becomes `data`."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", module, *args], stdout=out, stderr=err, env=env)
        status, rusage = _wait4(proc.pid, started + timeout)
        proc.returncode = _exit_code(status)  # reaped here; keep Popen from waiting again
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    data: dict[str, Any] = {}
    for line in reversed(stdout.splitlines()):
        try:
            parsed = json.loads(line)
        except ValueError:
            continue
        if isinstance(parsed, dict):
            data = parsed
            break
    return ChildResult(started, proc.returncode, int(rusage.ru_maxrss), data, stderr[-4000:])


def _wait4(pid: int, deadline: float) -> tuple[int, Any]:
    while True:
        reaped, status, rusage = os.wait4(pid, os.WNOHANG)
        if reaped == pid:
            return status, rusage
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            _, status, rusage = os.wait4(pid, 0)
            return status, rusage
        time.sleep(0.01)


def _exit_code(status: int) -> int:
    if os.WIFSIGNALED(status):
        return -os.WTERMSIG(status)
    return os.WEXITSTATUS(status)
