"""One round trip through a REAL Secret Service: gnome-keyring inside a private D-Bus session.

``dbus-run-session`` starts a throw-away session bus; ``gnome-keyring-daemon --unlock`` creates
and unlocks a login keyring (password read from stdin) in a temporary HOME, so a developer's own
keyring is never touched. One Python process stores the token with KeyringTokenStore and
keyring's SecretService backend; a NEW process reads it back (so it came from the daemon, not
from memory) and then deletes it. The processes print markers, never the token. The bus, and
with it the daemon, ends when the sh command ends.

Needs the Debian/Ubuntu packages ``dbus`` (dbus-run-session) and ``gnome-keyring``. Missing
tools skip the test on a developer machine and fail it in CI (``CI`` set).
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import pytest

import contact_editor

_SCRIPT = textwrap.dedent(
    """
    import os, sys
    import keyring.backends.SecretService as secret_service
    from contact_editor.auth.token_store import KeyringTokenStore

    backend = secret_service.Keyring()
    backend.priority  # raises if the Secret Service is not reachable
    token = os.environ["AUTH_TEST_TOKEN"]
    account = "http://127.0.0.1:9/secret-service-test"
    store = KeyringTokenStore(account, backend=backend)
    step = sys.argv[1]
    if step == "store":
        outcome = store.set(token)
        if not outcome.persistent:
            sys.exit("store failed: " + str(outcome.problem))
        print("STORED-OK")
    elif step == "read":
        if store.get() != token:
            sys.exit("read: the store did not return the token")
        if backend.get_password(store.service, account) != token:
            sys.exit("read: the Secret Service has no such entry")
        print("READ-OK")
    elif step == "delete":
        store.delete()
        if KeyringTokenStore(account, backend=secret_service.Keyring()).get() is not None:
            sys.exit("delete: the entry is still there")
        print("DELETED-OK")
    """
)

_KEYRING_PASSWORD = "ci-keyring-password"


def _require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        message = (
            f"{tool} is not installed; the real-keyring test needs the system packages "
            "'dbus' and 'gnome-keyring' (apt-get install -y dbus gnome-keyring)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def _isolated_env(home: Path, token: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DBUS_", "GNOME_KEYRING", "XDG_", "KEYRING_PROPERTY_"))
        and key not in {"PYTHON_KEYRING_BACKEND", "SSH_AUTH_SOCK", "HUBSPOT_ACCESS_TOKEN"}
    }
    for name in ("data", "config", "cache", "runtime"):
        (home / name).mkdir(mode=0o700)
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_RUNTIME_DIR=str(home / "runtime"),
        PYTHONPATH=os.pathsep.join(
            [str(Path(contact_editor.__file__).resolve().parents[1]), env.get("PYTHONPATH", "")]
        ).rstrip(os.pathsep),
        AUTH_TEST_TOKEN=token,
    )
    return env


def _run_in_private_session(dbus_run_session: str, daemon: str, home: Path, token: str) -> str:
    script = home / "secret_service_check.py"
    script.write_text(_SCRIPT, encoding="utf-8")
    python, check = shlex.quote(sys.executable), shlex.quote(str(script))
    shell = (
        f"printf '%s\\n' {shlex.quote(_KEYRING_PASSWORD)} "
        f"| {shlex.quote(daemon)} --unlock --components=secrets >/dev/null"
        f" && {python} {check} store && {python} {check} read && {python} {check} delete"
    )
    proc = subprocess.Popen(
        [dbus_run_session, "--", "sh", "-c", shell],
        env=_isolated_env(home, token),
        cwd=home,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=90)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail("the Secret Service round trip did not finish within 90 s")
    report = (out + err).replace(token, "<token>")
    assert proc.returncode == 0, f"Secret Service round trip failed (exit {proc.returncode}):\n{report}"
    assert token not in out + err
    return out


@pytest.mark.secret_service
def test_token_round_trips_through_a_real_secret_service(tmp_path: Path) -> None:
    dbus_run_session = _require("dbus-run-session")
    daemon = _require("gnome-keyring-daemon")
    token = f"pat-na1-{uuid.uuid4()}"
    out = _run_in_private_session(dbus_run_session, daemon, tmp_path, token)
    assert out.split() == ["STORED-OK", "READ-OK", "DELETED-OK"]
    assert (tmp_path / "data" / "keyrings").is_dir(), "gnome-keyring did not use the temporary HOME"
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), f"{path.name} holds the token as plain text"
