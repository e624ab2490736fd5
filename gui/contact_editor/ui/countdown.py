"""Show, second by second, how long until the app tries HubSpot again, with a Cancel button."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QObject, QTimer, Slot
from PySide6.QtWidgets import QPushButton

from contact_editor.hubspot.retry import RetryNotice
from contact_editor.ui.banner import Banner
from contact_editor.ui.messages import counted


def _tr(text: str) -> str:
    return QCoreApplication.translate("Countdown", text)


def wait_reason(notice: RetryNotice) -> str:
    if notice.reason == "rate_limit":
        return _tr("HubSpot is busy right now (too many requests for your account).")
    if notice.reason == "server":
        return _tr("HubSpot had a problem on its side.")
    return _tr("HubSpot could not be reached, or did not answer in time.")


class Countdown(QObject):
    """Drives the banner while a job waits; `button` (objectName cancelWaitButton) cancels."""

    def __init__(self, banner: Banner, button: QPushButton, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._banner = banner
        self._button = button
        self._button.setObjectName("cancelWaitButton")
        self._button.hide()
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._tick)
        self._clock = QElapsedTimer()
        self._notice: RetryNotice | None = None
        self._kept = ""

    def start(self, notice: RetryNotice, kept: str) -> None:
        self._notice, self._kept = notice, kept
        self._clock.start()
        self._button.show()
        self._timer.start()
        self._tick()

    def stop(self) -> None:
        self._timer.stop()
        self._button.hide()
        self._notice = None

    @property
    def active(self) -> bool:
        return self._notice is not None

    @Slot()
    def _tick(self) -> None:
        if self._notice is None:
            return
        left = max(0, math.ceil(self._notice.seconds - self._clock.elapsed() / 1000))
        if left == 0:
            again = _tr("Trying again now…")
        else:
            again = counted(left, "Trying again in {n} second…", "Trying again in {n} seconds…", "Countdown")
        self._banner.show_busy(" ".join(t for t in (wait_reason(self._notice), self._kept, again) if t))
