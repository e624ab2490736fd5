"""The command answers --help, --version and mistakes without a display (no Qt window needed)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run(
        [sys.executable, "-m", "contact_editor.app", *args],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )


def test_help_needs_no_display() -> None:
    result = _run("--help")
    assert result.returncode == 0, result.stderr
    assert "--demo" in result.stdout and "--api-base" in result.stdout
    assert "display" not in result.stderr.lower()


def test_version_needs_no_display() -> None:
    result = _run("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("hubspot-contact-editor ")


@pytest.mark.parametrize("args", [("--api-base", "http://example.com"), ("--api-version", "v9")])
def test_a_mistake_is_explained_without_a_display(args: tuple[str, ...]) -> None:
    result = _run(*args)
    assert result.returncode == 2
    assert "must be" in result.stderr and "Traceback" not in result.stderr
