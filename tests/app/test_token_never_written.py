"""The token is never in settings, drafts, logs, crash reports or output (issue 4)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from contact_editor.sandbox import Sandbox

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "safety"))
from token_scan import find_secret, text_contains_secret  # noqa: E402


def test_no_file_the_app_wrote_and_no_output_holds_the_token(sandbox: Sandbox, tmp_path: Path) -> None:
    token = sandbox.mint_token()
    home = tmp_path / "home"
    data = tmp_path / "data"
    home.mkdir()
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        HUBSPOT_CONTACT_EDITOR_DATA_DIR=str(data),
        HUBSPOT_ACCESS_TOKEN=token,
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    run = subprocess.run(
        [sys.executable, str(HERE / "token_witness.py"), sandbox.url],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "crash message shown: True" in run.stdout
    written = [p for p in data.rglob("*") if p.is_file()]
    assert any(p.suffix == ".log" for p in written), "the app wrote its log"
    assert any(p.name.startswith("draft-") for p in written), "the app wrote a draft"
    log_text = "".join(p.read_text() for p in written if p.suffix == ".log")
    assert "something broke while holding" in log_text, "the crash was logged (redacted)"
    assert find_secret([home, data], token) == []
    assert not text_contains_secret(run.stdout, token)
    assert not text_contains_secret(run.stderr, token)
    wrong = "pat-na1-00000000-0000-0000-0000-wrong0000000"
    assert find_secret([home, data], wrong) == []
    assert not text_contains_secret(run.stderr, wrong)
