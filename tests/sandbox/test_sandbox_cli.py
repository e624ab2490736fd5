"""`python -m contact_editor.sandbox`: prints its URL, serves, exits cleanly on SIGINT/SIGTERM."""

from __future__ import annotations

import re
import selectors
import signal
import subprocess
import sys
from typing import IO

import pytest
import requests

from contact_editor.sandbox import DEMO_TOKEN

URL_LINE = re.compile(r"Sandbox listening on (http://127\.0\.0\.1:(\d+)) \(token: (.+)\)")


def _read_line(stream: IO[str], timeout: float) -> str:
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        if not selector.select(timeout):
            raise AssertionError("the sandbox printed nothing in time")
    return stream.readline()


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_cli_prints_its_url_serves_and_stops_cleanly(stop_signal: signal.Signals) -> None:
    command = [sys.executable, "-m", "contact_editor.sandbox", "--port", "0"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None
            match = URL_LINE.fullmatch(_read_line(proc.stdout, timeout=10).strip())
            assert match, "unexpected first line"
            url, port, shown_token = match.groups()
            assert int(port) > 0 and shown_token == DEMO_TOKEN
            response = requests.get(
                f"{url}/crm/v3/objects/contacts/512",
                headers={"Authorization": f"Bearer {DEMO_TOKEN}"},
                timeout=5,
            )
            assert response.status_code == 200 and response.json()["id"] == "512"
            proc.send_signal(stop_signal)
            out, err = proc.communicate(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate(timeout=5)
    assert proc.returncode == 0, err
    assert "Sandbox stopped." in out
    assert "Traceback" not in err


def test_cli_does_not_echo_a_custom_token() -> None:
    command = [sys.executable, "-m", "contact_editor.sandbox", "--port", "0", "--token", "s3cret-value"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None
            line = _read_line(proc.stdout, timeout=10)
            assert URL_LINE.fullmatch(line.strip()) and "s3cret-value" not in line
            proc.send_signal(signal.SIGTERM)
            proc.communicate(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate(timeout=5)
    assert proc.returncode == 0
