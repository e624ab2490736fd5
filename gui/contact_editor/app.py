"""Start the app: read the command line, build the services, make the window.

`create_window(argv)` is the automation surface: it builds exactly the window that the
`hubspot-contact-editor` command shows, from the same arguments, given a running QApplication.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtCore import QStandardPaths, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from contact_editor import __version__
from contact_editor.auth.token_source import TokenHolder, resolve_token
from contact_editor.auth.token_store import InvalidTokenError, KeyringTokenStore, MemoryTokenStore, TokenStore
from contact_editor.drafts import DraftStore
from contact_editor.hubspot.errors import InsecureUrlError
from contact_editor.hubspot.urls import DEFAULT_API_BASE, ApiPaths, validate_api_base
from contact_editor.lazy import LazyClient
from contact_editor.logs import setup_logging
from contact_editor.resources import resource_path
from contact_editor.ui.crash import install_crash_hook
from contact_editor.ui.main_window import MainWindow
from contact_editor.ui.services import Services
from contact_editor.ui.token_dialog import ask_for_token
from contact_editor.workers.schema_cache import SchemaCache

log = logging.getLogger(__name__)
APP_NAME = "hubspot-contact-editor"


@dataclass(frozen=True)
class Options:
    demo: bool
    api_base: str
    contact: str | None
    api_version: str = "v3"


def parse_args(argv: Sequence[str], environ: os._Environ[str] | dict[str, str] | None = None) -> Options:
    """Parse the command's arguments. A leading program name (as in `sys.argv`) is skipped."""
    env = os.environ if environ is None else environ
    args = list(argv)
    if args and not args[0].startswith("-"):
        args = args[1:]
    parser = argparse.ArgumentParser(prog=APP_NAME, description="Edit one HubSpot contact safely.")
    parser.add_argument("--demo", action="store_true", help="use the built-in sandbox, no HubSpot account")
    parser.add_argument("--api-base", help=f"HubSpot API address (env HUBSPOT_API_BASE; {DEFAULT_API_BASE})")
    parser.add_argument("--contact", help="load this contact ID at start")
    parser.add_argument(
        "--api-version",
        help="HubSpot API version of the paths: v3 (default; HubSpot retires it in September 2027) or a "
        "date-based one such as 2026-03 (env HUBSPOT_API_VERSION)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    ns = parser.parse_args(args)
    api_base = ns.api_base or env.get("HUBSPOT_API_BASE") or DEFAULT_API_BASE
    if not ns.demo:
        try:
            api_base = validate_api_base(api_base)
        except InsecureUrlError:
            parser.error(
                f"--api-base must be an https:// address (plain http only on this computer): {api_base}"
            )
    version = ns.api_version or env.get("HUBSPOT_API_VERSION") or "v3"
    if version != "v3" and not re.fullmatch(r"\d{4}-\d{2}", version):
        parser.error(f"--api-version must be v3 or a date-based version such as 2026-03: {version}")
    return Options(demo=ns.demo, api_base=api_base, contact=ns.contact, api_version=version)


DATA_DIR_ENV = "HUBSPOT_CONTACT_EDITOR_DATA_DIR"


def data_dir() -> Path:
    """Where drafts and logs live: the per-user, non-roaming app data folder (drafts hold personal
    data), e.g. ~/.local/share/hubspot-contact-editor. `HUBSPOT_CONTACT_EDITOR_DATA_DIR` overrides it
    (tests, scripts)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(location) if location else Path.home() / f".{APP_NAME}"


def _where(api_base: str) -> str:
    return urlsplit(api_base).netloc or api_base


def _token_replacer(holder: TokenHolder, store: TokenStore) -> Callable[[QWidget], bool]:
    def replace(parent: QWidget) -> bool:
        token = ask_for_token(parent, store)
        if token:
            holder.replace(token, "keyring" if store.status().persistent else "memory")
            return True
        return False

    return replace


def create_window(argv: list[str]) -> QMainWindow:
    """Build the app's window from command-line arguments (without showing it)."""
    if QApplication.instance() is None:
        raise RuntimeError("create_window needs a QApplication")
    options = parse_args(argv)
    sandbox = None
    if options.demo:
        from contact_editor.sandbox import DEMO_TOKEN, Sandbox

        sandbox = Sandbox(token=DEMO_TOKEN)
        api_base = sandbox.start()
        store: TokenStore = MemoryTokenStore()
        holder = TokenHolder(DEMO_TOKEN)
        where = QApplication.translate("App", "the built-in demo sandbox (nothing is sent to HubSpot)")
    else:
        api_base = options.api_base
        store = KeyringTokenStore(account=api_base)
        try:
            source = resolve_token(os.environ, store)
        except InvalidTokenError:
            log.warning("HUBSPOT_ACCESS_TOKEN is set but is not a usable token; asking for one")
            source = None
        holder = TokenHolder(source.token if source else "")
        where = _where(api_base)
    client = LazyClient(api_base, holder, ApiPaths.for_version(options.api_version))
    services = Services(
        api=client,
        where=where,
        replace_token=_token_replacer(holder, store),
        token_holder=holder,
        draft_store=DraftStore(data_dir() / "drafts"),
        schema_cache=SchemaCache(data_dir() / "cache"),
        # The sandbox's port changes every run, so the demo keeps its drafts under one name.
        portal="demo" if options.demo else api_base,
    )
    window = MainWindow(services)
    if options.demo and window.banner.level == "info" and not window.drafts.waiting_elsewhere():
        window.banner.show_info(
            QApplication.translate(
                "App", "This is the demo: nothing is sent to HubSpot. Type 512 and press Load to try it."
            )
        )
    window.sandbox = sandbox  # type: ignore[attr-defined]  # the demo's server, for tests and the curious
    window.destroyed.connect(client.close)
    if sandbox is not None:
        QApplication.instance().aboutToQuit.connect(sandbox.stop)  # type: ignore[union-attr]
    if options.contact:
        window.top.id_edit.setText(options.contact)
    QTimer.singleShot(0, partial(_first_steps, window, holder, bool(options.contact)))
    return window


def _first_steps(window: MainWindow, holder: TokenHolder, load: bool) -> None:
    """Once the window is up: ask for a token if there is none, then load --contact (only with one)."""
    if not holder.has_token():
        window.replace_token()
    if load and holder.has_token():
        window.load_clicked()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    parse_args(args)  # --help, --version and mistakes are answered before Qt needs a display
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    setup_logging(data_dir() / "logs")
    crash_log = logging.getLogger("contact_editor")
    install_crash_hook(crash_log)
    app.setApplicationDisplayName("HubSpot Contact Editor")
    app.setWindowIcon(QIcon(str(resource_path("icons", "hubspot-contact-editor.svg"))))
    window = create_window(args)
    if isinstance(window, MainWindow):
        install_crash_hook(crash_log, on_crash=window.drafts.flush)  # a crash keeps the edits
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
