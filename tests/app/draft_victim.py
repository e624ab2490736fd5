"""Run by test_drafts.py in its own process: load 512, type into three fields, wait until the
draft is on disk, say READY, then keep running until the test kills it (SIGKILL).

With a second argument ("typed"): type "Typed before the crash" into Job Title and "1,5" (no
number: shown as invalid) into Property number key by key, as a person would, instead."""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QDate
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QDateEdit, QLineEdit

from contact_editor.app import create_window


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = create_window(["--api-base", sys.argv[1]])
    window.show()
    window.top.id_edit.setText("512")
    window.load_clicked()
    deadline = time.monotonic() + 20
    while window.form is None and time.monotonic() < deadline:
        app.processEvents()
    window.findChild(QLineEdit, "property:jobtitle").setText("Typed before the crash")
    if sys.argv[2:] == ["typed"]:
        number = window.findChild(QLineEdit, "property:property_number")
        number.selectAll()
        QTest.keyClicks(number, "1,5")
        expected = (1, 1)
    else:
        window.findChild(QLineEdit, "property:property_number").setText("42.5")
        window.findChild(QCheckBox, "property:date_of_birth/set").setChecked(True)
        window.findChild(QDateEdit, "property:date_of_birth/date").setDate(QDate(1990, 2, 28))
        expected = (3, 0)
    store, portal = window.services.draft_store, window.services.portal
    while time.monotonic() < deadline:
        app.processEvents()
        draft = store.load(portal, "512")
        if draft is not None and (len(draft.edits), len(draft.typed)) == expected:
            print("READY", flush=True)
            break
    while True:  # until killed
        app.processEvents()
        time.sleep(0.01)


if __name__ == "__main__":
    raise SystemExit(main())
