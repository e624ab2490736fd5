"""`python -m contact_editor.sandbox` with fault and limit flags, and steered while running through
the admin endpoint with the secret it prints."""

from __future__ import annotations

import queue
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from typing import IO

import pytest
import requests

from contact_editor.sandbox import DEMO_TOKEN

URL_LINE = re.compile(r"Sandbox listening on (http://127\.0\.0\.1:\d+) \(token: .+\)")
ADMIN_LINE = re.compile(
    r"Admin secret: (\S+) \(send it as X-Sandbox-Admin to (http://127\.0\.0\.1:\d+)/_sandbox/faults\)"
)
AUTH = {"Authorization": f"Bearer {DEMO_TOKEN}"}
CONTACT = "/crm/v3/objects/contacts/512"
TIMEOUT = 5


def _read_lines(stream: IO[str], count: int, timeout: float = 10) -> list[str]:
    """The first `count` lines, read in a thread so a silent process cannot hang the test."""
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(stream.readline()) for _ in range(count)], daemon=True).start()
    try:
        return [lines.get(timeout=timeout).strip() for _ in range(count)]
    except queue.Empty:
        raise AssertionError("the sandbox printed nothing in time") from None


@pytest.fixture
def cli() -> Iterator[tuple[str, str]]:
    """A sandbox process started with fault and limit flags: yields (url, admin secret)."""
    command = [
        sys.executable, "-m", "contact_editor.sandbox", "--port", "0",
        "--fail", 'GET /crm/v3/objects/contacts 503 1 {"message": "try later"}',
        "--truncate", "GET /crm/v3/properties/contacts/groups",
        "--garble", "GET /crm/v3/properties/contacts/email 1",
        "--burst", "4", "--daily", "1000", "--search-per-second", "2",
    ]  # fmt: skip
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        try:
            assert proc.stdout is not None
            first, second = _read_lines(proc.stdout, 2)
            url_match, admin_match = URL_LINE.fullmatch(first), ADMIN_LINE.fullmatch(second)
            assert url_match and admin_match
            assert admin_match.group(2) == url_match.group(1)
            yield url_match.group(1), admin_match.group(1)
            proc.send_signal(signal.SIGTERM)
            _, err = proc.communicate(timeout=10)
            assert proc.returncode == 0, err
            assert "Traceback" not in err
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate(timeout=5)


def test_cli_flags_set_faults_and_limits(cli: tuple[str, str]) -> None:
    url, _ = cli
    failed = requests.get(url + CONTACT, headers=AUTH, timeout=TIMEOUT)
    assert failed.status_code == 503 and failed.json() == {"message": "try later"}
    ok = requests.get(url + CONTACT, headers=AUTH, timeout=TIMEOUT)
    assert ok.status_code == 200
    assert ok.headers["X-HubSpot-RateLimit-Max"] == "4"
    assert ok.headers["X-HubSpot-RateLimit-Daily"] == "1000"
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        requests.get(url + "/crm/v3/properties/contacts/groups", headers=AUTH, timeout=TIMEOUT)
    garbled = requests.get(url + "/crm/v3/properties/contacts/email", headers=AUTH, timeout=TIMEOUT)
    assert garbled.status_code == 200 and not garbled.text.startswith("{")
    statuses = [requests.get(url + CONTACT, headers=AUTH, timeout=TIMEOUT).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]  # the 4-per-10-s budget: ok, truncated, and these two


def test_admin_endpoint_steers_the_running_sandbox(cli: tuple[str, str]) -> None:
    url, secret = cli
    admin = {"X-Sandbox-Admin": secret}
    refused = requests.get(url + "/_sandbox/faults", headers={"X-Sandbox-Admin": "guess"}, timeout=TIMEOUT)
    assert refused.status_code == 403
    state = requests.get(url + "/_sandbox/faults", headers=admin, timeout=TIMEOUT).json()
    assert [f["kind"] for f in state["faults"]] == ["fail", "truncate", "garble"]
    assert state["limits"]["burst"] == 4 and state["limits"]["searchPerSecond"] == 2
    assert requests.delete(url + "/_sandbox/faults", headers=admin, timeout=TIMEOUT).json()["faults"] == []
    added = requests.post(
        url + "/_sandbox/faults",
        json={"kind": "drop", "method": "GET", "path": CONTACT},
        headers=admin,
        timeout=TIMEOUT,
    )
    assert added.status_code == 200
    with pytest.raises(requests.ConnectionError):
        requests.get(url + CONTACT, headers=AUTH, timeout=TIMEOUT)
    limits = requests.post(
        url + "/_sandbox/limits", json={"burst": 1, "reset": True}, headers=admin, timeout=TIMEOUT
    )
    assert limits.json()["limits"]["burstRemaining"] == 1
    assert requests.get(url + CONTACT, headers=AUTH, timeout=TIMEOUT).status_code == 200
    assert requests.get(url + CONTACT, headers=AUTH, timeout=TIMEOUT).status_code == 429


@pytest.mark.parametrize(
    "flags",
    [
        ["--fail", "PATCH /crm/v3/objects/contacts"],
        ["--drop", "GET"],
        ["--truncate", "GET /x many"],
        ["--burst", "-1"],
        ["--latency", "-0.5"],
    ],
)
def test_cli_refuses_bad_flags(flags: list[str]) -> None:
    command = [sys.executable, "-m", "contact_editor.sandbox", "--port", "0", *flags]
    result = subprocess.run(command, capture_output=True, text=True, timeout=20)
    assert result.returncode == 2
    assert "usage:" in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
