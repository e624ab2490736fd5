"""Run by test_xvfb_window.py inside a real X server: open the demo window, load 512, check it
is really on screen, and print one line of facts. Exit code 0 only when everything held."""

from __future__ import annotations

import sys

from PySide6.QtCore import QElapsedTimer
from PySide6.QtWidgets import QApplication

from contact_editor.app import create_window


def main() -> int:
    app = QApplication(sys.argv[:1])
    if app.platformName() != "xcb":
        print(f"FAIL platform {app.platformName()}")
        return 1
    window = create_window(["--demo", "--contact", "512"])
    window.show()
    timer = QElapsedTimer()
    timer.start()
    while window.form is None and timer.elapsed() < 20_000:  # type: ignore[attr-defined]
        app.processEvents()
    for _ in range(50):
        app.processEvents()
    exposed = window.windowHandle() is not None and window.windowHandle().isExposed()
    picture = app.primaryScreen().grabWindow(0).toImage()
    colours = {
        picture.pixel(x, y) for x in range(0, picture.width(), 37) for y in range(0, picture.height(), 37)
    }
    loaded = window.form is not None  # type: ignore[attr-defined]
    print(
        f"loaded={loaded} exposed={exposed} colours={len(colours)} size={picture.width()}x{picture.height()}"
    )
    window.close()
    ok = loaded and exposed and len(colours) > 3
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
