"""The demo window on a real X server (Xvfb), not the offscreen platform."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is missing; tests/run.sh installs it (apt package xvfb)")
        pytest.skip(f"{tool} is not installed")
    return path


@pytest.mark.xvfb
def test_demo_window_shows_contact_512_on_a_real_x_server(tmp_path: Path) -> None:
    xvfb = _need("Xvfb")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_fd), "-screen", "0", "1280x860x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    try:
        with os.fdopen(read_fd) as pipe:
            display = pipe.readline().strip()
        assert display.isdigit(), "Xvfb did not report a display number"
        env = {k: v for k, v in os.environ.items() if k not in {"QT_QPA_PLATFORM", "WAYLAND_DISPLAY"}}
        env.update(DISPLAY=f":{display}", QT_QPA_PLATFORM="xcb", HOME=str(tmp_path))
        run = subprocess.run(
            [sys.executable, str(HERE / "xvfb_smoke.py")],
            env=env,
            capture_output=True,
            text=True,
            timeout=90,
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert run.returncode == 0, f"stdout: {run.stdout}\nstderr: {run.stderr[-2000:]}"
    assert "loaded=True exposed=True" in run.stdout
