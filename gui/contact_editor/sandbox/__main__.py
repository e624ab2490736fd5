"""Run the sandbox on its own: `python -m contact_editor.sandbox --port 8765`.

Prints the URL to use as the API base (first line) and the admin secret (second line), then serves
until Ctrl+C (SIGINT) or SIGTERM.

Faults and limits from the start (each fault flag may be repeated; METHOD "*" matches any method):

    --latency 0.5                                      every answer waits 0.5 s
    --fail "PATCH /crm/v3/objects/contacts 503 2"      next 2 PATCHes there: 503 (METHOD PATH STATUS
                                                       [COUNT] [BODY]; BODY = JSON object or text)
    --drop "GET /crm/v3/objects/contacts"              next GET there: connection closed, no answer
    --truncate "GET /crm/v3/properties 1"              real answer, half the body, then closed
    --garble "GET /crm/v3/objects/contacts 3"          200 with a body that is not JSON
    --burst 10 --daily 1000 --search-per-second 5      rate-limit budgets (429 beyond them)

Data: in memory unless `--data PATH` (a SQLite file, seeded only when new, so edits survive a
restart); `--generate-properties 5000 --generate-contacts 100000` seeds a large portal instead of the
demo one (see generator.py).

A running sandbox is steered over HTTP, from loopback only, with the secret printed at start in the
header `X-Sandbox-Admin` (admin calls are never recorded, rate-limited or faulted):

    GET    /_sandbox/faults     current latency, pending faults and rate-limit budgets
    POST   /_sandbox/faults     {"latency": 0.5} and/or a fault:
                                {"kind": "fail", "method": "PATCH", "path": "/crm/v3/objects/contacts",
                                 "status": 503, "count": 2, "body": {...}, "headers": {...}}
                                {"kind": "drop" | "truncate" | "garble", "method": ..., "path": ...}
                                {"kind": "fail", "spec": "PATCH /crm/v3/objects/contacts 503 2"}
    DELETE /_sandbox/faults     forget all faults and set latency back to 0
    POST   /_sandbox/limits     {"burst": 10, "daily": 1000, "searchPerSecond": 5, "reset": true}

    curl -X POST -H "X-Sandbox-Admin: $SECRET" -d '{"kind": "fail", "spec": "GET / 503"}' \\
         http://127.0.0.1:8765/_sandbox/faults
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from contact_editor.sandbox import behaviour as hb
from contact_editor.sandbox.admin import ADMIN_HEADER, FAULTS_PATH
from contact_editor.sandbox.behaviour import DEMO_TOKEN
from contact_editor.sandbox.faults import FAULT_KINDS, FaultSpec, parse_fault_spec
from contact_editor.sandbox.sandbox import Sandbox
from contact_editor.sandbox.seed import Seed
from contact_editor.sandbox.storage_sqlite import DataFileError


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def _non_negative_float(text: str) -> float:
    value = float(text)
    if not value >= 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m contact_editor.sandbox",
        description="Serve a fake HubSpot contacts API on 127.0.0.1 with demo data.",
        epilog="Fault specs: METHOD PATH [COUNT]; for --fail: METHOD PATH STATUS [COUNT] [BODY]. "
        "See the module docstring for the admin endpoint.",
    )
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0 = any free port)")
    parser.add_argument("--token", default=DEMO_TOKEN, help="bearer token to accept (default: demo token)")
    parser.add_argument(
        "--latency", type=_non_negative_float, default=0.0, help="seconds to wait before each answer"
    )
    helps = {
        "fail": "answer the next COUNT matching requests with STATUS (and BODY)",
        "drop": "close the connection of the next COUNT matching requests without answering",
        "truncate": "send only half the body of the next COUNT matching answers, then close",
        "garble": "answer the next COUNT matching requests with 200 and a body that is not JSON",
    }
    for kind in FAULT_KINDS:
        metavar = "'METHOD PATH STATUS [COUNT] [BODY]'" if kind == "fail" else "'METHOD PATH [COUNT]'"
        parser.add_argument(f"--{kind}", action="append", default=[], metavar=metavar, help=helps[kind])
    parser.add_argument(
        "--burst", type=_non_negative_int, default=hb.DEFAULT_BURST, help="requests per rolling 10 s"
    )
    parser.add_argument("--daily", type=_non_negative_int, default=hb.DEFAULT_DAILY, help="requests per day")
    parser.add_argument(
        "--search-per-second",
        type=_non_negative_int,
        default=hb.DEFAULT_SEARCH_PER_SECOND,
        help="searches per rolling second",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log each request to stderr")
    _add_data_arguments(parser)
    args = parser.parse_args(argv)
    faults: list[FaultSpec] = []
    for kind in FAULT_KINDS:
        for text in getattr(args, kind):
            try:
                faults.append(parse_fault_spec(kind, text))
            except ValueError as exc:
                parser.error(str(exc))
    args.faults = faults
    return args


def _add_data_arguments(parser: argparse.ArgumentParser) -> None:
    """--data and the generator flags (storage and scale: see store.py and generator.py)."""
    data = parser.add_argument_group("data")
    data.add_argument(
        "--data", metavar="PATH", help="keep contacts in this SQLite file (seeded only when new)"
    )
    data.add_argument("--generate-properties", type=_non_negative_int, metavar="N", help="seed N definitions")
    data.add_argument("--generate-contacts", type=_non_negative_int, metavar="M", help="seed M more contacts")
    data.add_argument("--generate-options", type=_non_negative_int, default=5000, metavar="K",
                      help="options of the generated big dropdown (default 5000)")  # fmt: skip
    data.add_argument("--generate-seed", type=int, default=0, metavar="S", help="random seed (default 0)")


def _seed(args: argparse.Namespace) -> Seed | None:
    """A generated seed when asked for (with --data, used only when the file is new)."""
    if args.generate_properties is None and args.generate_contacts is None:
        return None
    if args.data is not None and Path(args.data).exists():
        return None  # the file's data wins; no need to generate
    return Seed.generated(
        properties=args.generate_properties if args.generate_properties is not None else 0,
        contacts=args.generate_contacts if args.generate_contacts is not None else 0,
        options=args.generate_options,
        rng_seed=args.generate_seed,
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(message)s")
    stop = threading.Event()

    def _on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    try:
        sandbox = Sandbox(
            seed=_seed(args),
            data_path=args.data,
            token=args.token,
            port=args.port,
            burst=args.burst,
            daily=args.daily,
            search_per_second=args.search_per_second,
        )
        url = sandbox.start()
    except OSError as exc:
        print(f"Cannot start the sandbox: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except DataFileError as exc:
        print(f"Cannot start the sandbox: {exc}", file=sys.stderr)
        return 1
    sandbox.latency = args.latency
    for spec in args.faults:
        sandbox.add_fault(spec)
    # A custom token is the user's own; only the public demo token is echoed.
    shown = args.token if args.token == DEMO_TOKEN else "as given with --token"
    print(f"Sandbox listening on {url} (token: {shown})", flush=True)
    print(
        f"Admin secret: {sandbox.admin_secret} (send it as {ADMIN_HEADER} to {url}{FAULTS_PATH})",
        flush=True,
    )
    try:
        while not stop.wait(0.5):
            pass
    finally:
        sandbox.stop()
    print("Sandbox stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
