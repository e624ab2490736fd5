"""Run the sandbox on its own: `python -m contact_editor.sandbox --port 8765`.

Prints one line with the URL to use as the API base, then serves until Ctrl+C (SIGINT) or SIGTERM.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from contact_editor.sandbox.behaviour import DEMO_TOKEN
from contact_editor.sandbox.sandbox import Sandbox


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m contact_editor.sandbox",
        description="Serve a fake HubSpot contacts API on 127.0.0.1 with demo data.",
    )
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0 = any free port)")
    parser.add_argument("--token", default=DEMO_TOKEN, help="bearer token to accept (default: demo token)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds to wait before each answer")
    parser.add_argument("-v", "--verbose", action="store_true", help="log each request to stderr")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(message)s")
    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    try:
        sandbox = Sandbox(token=args.token, port=args.port)
        url = sandbox.start()
    except OSError as exc:
        print(f"Cannot start the sandbox: {exc.strerror or exc}", file=sys.stderr)
        return 1
    sandbox.latency = max(args.latency, 0.0)
    # A custom token is the user's own; only the public demo token is echoed.
    shown = args.token if args.token == DEMO_TOKEN else "as given with --token"
    print(f"Sandbox listening on {url} (token: {shown})", flush=True)
    try:
        while not stop.wait(0.5):
            pass
    finally:
        sandbox.stop()
    print("Sandbox stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
