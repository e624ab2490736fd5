"""Run by test_token_never_written.py in its own process, with HOME and the data folder in a
temporary tree: set up logging and the crash hook as main() does (at DEBUG), then load, edit,
save, hit a 401, leave a draft and crash in a slot with the token in the exception. The test
then searches every file written and the captured output for the token."""

from __future__ import annotations

import logging
import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit

from contact_editor.app import APP_NAME, create_window, data_dir
from contact_editor.logs import setup_logging
from contact_editor.ui.crash import install_crash_hook


def pump(app: QApplication, until, seconds: float = 20) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not until() and time.monotonic() < deadline:
        app.processEvents()


def main() -> int:
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    setup_logging(data_dir() / "logs", level=logging.DEBUG)
    logging.getLogger().setLevel(logging.DEBUG)
    window = create_window(["--api-base", sys.argv[1]])
    shown: list[str] = []
    install_crash_hook(logging.getLogger("contact_editor"), on_crash=window.drafts.flush, show=shown.append)
    window.show()
    window.top.id_edit.setText("512")
    window.load_clicked()
    pump(app, lambda: window.form is not None and not window.runner.is_running())
    window.findChild(QLineEdit, "property:jobtitle").setText("Saved once")
    window.save_clicked()
    pump(app, lambda: not window.runner.is_running() and not window.is_dirty())
    window.findChild(QLineEdit, "property:jobtitle").setText("Left as a draft")
    window.services.token_holder.replace("pat-na1-00000000-0000-0000-0000-wrong0000000")
    window.save_clicked()  # 401: the wrong token is a secret too
    pump(app, lambda: not window.runner.is_running())
    window.services.token_holder.replace(os.environ["HUBSPOT_ACCESS_TOKEN"])
    token = os.environ["HUBSPOT_ACCESS_TOKEN"]

    def boom() -> None:
        raise RuntimeError(f"something broke while holding Bearer {token}")

    QTimer.singleShot(0, boom)
    pump(app, lambda: bool(shown), seconds=5)
    print("crash message shown:", bool(shown), "| banner:", window.banner.text(), flush=True)
    window.drafts.flush()  # the edit stays unsaved: its draft stays on disk
    window.runner.wait_all()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
