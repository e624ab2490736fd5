"""Set the scene for the README screenshot: the demo contact 512 with two unsaved changes,
scrolled to the seed page's demo properties. Run it under the screenshot tool:

    ../shared/tools/screenshot out.png 8 -- .venv/bin/python packaging/screenshots/scene.py
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QScrollArea, QWidget

from contact_editor.app import create_window


def stage(window) -> None:  # type: ignore[no-untyped-def]
    if window.form is None:
        QTimer.singleShot(100, lambda: stage(window))
        return
    title = window.findChild(QLineEdit, "property:jobtitle")
    title.setText("Head of Operations")
    combo = window.findChild(QComboBox, "property:property_dropdown")
    combo.setCurrentIndex(combo.findData("choice_b"))
    scroll = window.findChild(QScrollArea, "property-form-scroll")
    group = window.findChild(QWidget, "group:demo_properties")
    scroll.ensureWidgetVisible(title, 0, 40)
    scroll.verticalScrollBar().setValue(group.y() - 260)


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = create_window(["--demo", "--contact", "512"])
    window.resize(960, 800)
    window.show()
    QTimer.singleShot(300, lambda: stage(window))
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
