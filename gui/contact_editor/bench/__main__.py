"""`python -m contact_editor.bench [--sizes 200,1000,5000] [--runs N] [--json PATH] [--quick]`

For each size: a sandbox portal with that many properties (one dropdown with `--options` options, a
few contacts) in a process of its own; `--runs` cold starts of the app and of a bare PySide6 window,
interleaved (medians); the app's peak memory with a contact loaded; `--sessions` sessions on the real
window, each in a fresh process (see `session`; each timing is the median over the sessions). Prints
the table (`report`) and writes every figure to JSON (default bench-results.json in the current
folder). `--quick` is a smoke run for tests: small portals, one run and one session, short pauses.
Qt runs offscreen unless QT_QPA_PLATFORM says otherwise.
"""

from __future__ import annotations

import argparse
import compileall
import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import contact_editor
from contact_editor.bench import report
from contact_editor.bench.procs import ChildResult, Workspace, run_child
from contact_editor.bench.server import PortalServer

CHILD = "contact_editor.bench.child"
SESSION = "contact_editor.bench.session"
COLD_TIMEOUT_S, LOAD_TIMEOUT_S, SESSION_TIMEOUT_S = 60.0, 300.0, 900.0
FIRST_GENERATED_ID = 1_000_001


def _parse(argv: list[str] | None) -> argparse.Namespace:
    about = (__doc__ or "").split("\n\n")[1]
    parser = argparse.ArgumentParser(prog="python -m contact_editor.bench", description=about)
    parser.add_argument("--sizes", help="portal sizes in properties, comma-separated (default 200,1000,5000)")
    parser.add_argument("--runs", type=int, help="cold starts per window and HTTP replays (default 5)")
    parser.add_argument("--sessions", type=int, help="sessions on the real window per size (default 3)")
    parser.add_argument("--json", default="bench-results.json", help="where to write the figures")
    parser.add_argument("--options", type=int, help="options of the big dropdown (default 5000)")
    parser.add_argument("--contacts", type=int, default=3, help="generated contacts (default 3)")
    parser.add_argument("--quick", action="store_true", help="smoke run: sizes 80,150, 1 run, 300 options")
    args = parser.parse_args(argv)
    sizes = args.sizes or ("80,150" if args.quick else "200,1000,5000")
    try:
        args.sizes = [int(s) for s in sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes takes whole numbers separated by commas: {sizes}")
    args.runs = max(1, args.runs or (1 if args.quick else 5))
    args.sessions = max(1, args.sessions or (1 if args.quick else 3))
    args.options = args.options if args.options is not None else (300 if args.quick else 5000)
    args.settle_s, args.idle_s = (0.25, 0.2) if args.quick else (0.45, 0.5)
    return args


def _log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _shown_ms(result: ChildResult) -> float | None:
    shown = result.data.get("shown")
    return (shown - result.started) * 1000 if result.ok and isinstance(shown, float) else None


def _median(values: list[float | None]) -> float | None:
    real = [v for v in values if v is not None]
    return round(statistics.median(real), 1) if real else None


def _cold_starts(srv: PortalServer, ws: Workspace, runs: int, errors: list[str]) -> dict[str, Any]:
    times: dict[str, list[float | None]] = {"app": [], "bare": []}
    rss: dict[str, list[int]] = {"app": [], "bare": []}
    for run in range(runs):
        order = ("bare", "app") if run % 2 == 0 else ("app", "bare")
        for mode in order:
            extra = ["--api-base", srv.url] if mode == "app" else []
            result = run_child(CHILD, [mode, *extra], ws.env(), COLD_TIMEOUT_S)
            times[mode].append(_shown_ms(result))
            if result.ok:
                rss[mode].append(result.peak_rss_kb)
            else:
                errors.append(f"{mode} cold start failed (exit {result.returncode}): {result.stderr[-300:]}")
    return {"times": times, "rss_kb": rss}


def _memory(srv: PortalServer, ws: Workspace, contact: str, errors: list[str]) -> int | None:
    result = run_child(CHILD, ["app", "--api-base", srv.url, "--contact", contact], ws.env(), LOAD_TIMEOUT_S)
    if not result.ok or "loaded" not in result.data:
        errors.append(f"memory run failed (exit {result.returncode}): {result.data.get('error', '')} "
                      f"{result.stderr[-300:]}")  # fmt: skip
        return None
    return result.peak_rss_kb


def _session(srv: PortalServer, ws: Workspace, ids: tuple[str, str], args: argparse.Namespace,
             errors: list[str]) -> dict[str, Any]:  # fmt: skip
    command = ["--api-base", srv.url, "--control", srv.control.url, "--first", ids[0], "--later", ids[1],
               "--runs", str(args.runs), "--settle-s", str(args.settle_s),
               "--idle-s", str(args.idle_s)]  # fmt: skip
    result = run_child(SESSION, command, ws.env(), SESSION_TIMEOUT_S)
    if not result.ok:
        errors.append(f"session failed (exit {result.returncode}): {result.stderr[-600:]}")
        return {}
    errors.extend(result.data.get("errors", []))
    return result.data


_NOT_MEDIANS = ("requests", "by_method", "by_endpoint", "longest_url_chars", "rows_built", "rows_total")


def _combine(sessions: list[dict[str, Any]]) -> dict[str, Any]:
    """One session's shape with each timing the median over the sessions (counts from the first)."""
    good = [s for s in sessions if s]
    if len(good) <= 1:
        return good[0] if good else {}
    combined: dict[str, Any] = {"idle_stall_ms": _median([s.get("idle_stall_ms") for s in good])}
    for phase in ("first_load", "replay", "later_load", "save", "filter"):
        parts = [s[phase] for s in good if s.get(phase)]
        merged = dict(parts[0]) if parts else None
        for key, value in (merged or {}).items():
            if isinstance(value, int | float) and not isinstance(value, bool) and key not in _NOT_MEDIANS:
                assert merged is not None
                merged[key] = _median([p.get(key) for p in parts])
        combined[phase] = merged
    return combined


def _contacts(srv: PortalServer) -> tuple[str, str]:
    generated = [c for c in srv.contact_ids if c.isdigit() and 0 <= int(c) - FIRST_GENERATED_ID < 10**6]
    ids = generated or srv.contact_ids
    return ids[0], ids[1 % len(ids)]


def _get(data: dict[str, Any] | None, key: str) -> Any:
    return None if not data else data.get(key)


def _figures(cold: dict[str, Any], memory_kb: int | None, s: dict[str, Any]) -> dict[str, Any]:
    phases = ("first_load", "later_load", "save", "replay", "filter")
    first, later, save, replay, filt = (s.get(k) for k in phases)
    usable, http = _get(first, "usable_ms"), _get(replay, "median_ms")
    bare_rss = _median([float(v) for v in cold["rss_kb"]["bare"]])
    by_method = _get(save, "by_method") or {}
    return {
        "cold_start_ms": _median(cold["times"]["app"]),
        "cold_start_bare_ms": _median(cold["times"]["bare"]),
        "load_usable_ms": usable,
        "load_http_ms": http,
        "load_app_share_ms": None if usable is None or http is None else round(usable - http, 1),
        "load_fully_built_ms": _get(first, "fully_built_ms"),
        "first_fields_after_response_ms": _get(first, "response_to_visible_ms"),
        "later_load_usable_ms": _get(later, "usable_ms"),
        "save_ms": _get(save, "saved_ms"),
        "stall_idle_ms": s.get("idle_stall_ms"),
        "stall_load_ms": _get(first, "stall_ms"),
        "stall_later_load_ms": _get(later, "stall_ms"),
        "stall_save_ms": _get(save, "stall_ms"),
        "stall_filter_ms": _get(filt, "stall_ms"),
        "filter_keystroke_ms": _get(filt, "keystroke_ms"),
        "peak_rss_mib": None if memory_kb is None else round(memory_kb / 1024, 1),
        "peak_rss_bare_mib": None if bare_rss is None else round(bare_rss / 1024, 1),
        "requests_first_load": _get(first, "requests"),
        "requests_later_load": _get(later, "requests"),
        "requests_save": _get(save, "requests"),
        "requests_save_patch": by_method.get("PATCH", 0) if save else None,
        "requests_save_read": by_method.get("GET", 0) + by_method.get("POST", 0) if save else None,
    }


def _notes(session: dict[str, Any]) -> dict[str, str]:
    notes: dict[str, str] = {}
    first, filt = session.get("first_load"), session.get("filter")
    if first and first.get("fully_built_ms") is None and first.get("rows_built") is not None:
        notes["built"] = f"not by itself ({first['rows_built']:,} of {first['rows_total']:,} rows)"
    if filt is not None and not filt.get("available", True):
        notes["filter"] = "n/a (no filterEdit)"
    if first:
        kinds: dict[str, int] = {}
        for endpoint, n in first.get("by_endpoint", {}).items():
            kinds[_endpoint_kind(endpoint)] = kinds.get(_endpoint_kind(endpoint), 0) + n
        parts = ", ".join(f"{kind} {n}" for kind, n in kinds.items())
        notes["first_load"] = f"{parts}; longest URL {first.get('longest_url_chars', 0):,} chars"
    return notes


def _endpoint_kind(endpoint: str) -> str:
    """A short name for "METHOD /path": definitions, groups, contact, or the endpoint itself."""
    method, _, path = endpoint.partition(" ")
    if "/properties/" in path:
        return "groups" if path.rstrip("/").endswith("/groups") else "definitions"
    if "/objects/contacts" in path:
        return "contact" if method in ("GET", "POST") else f"contact {method}"
    return endpoint


def run_size(size: int, args: argparse.Namespace, ws: Workspace) -> dict[str, Any]:
    errors: list[str] = []
    _log(f"== {size} properties: generating the portal")
    with PortalServer(size, args.contacts, args.options, ws.env()) as srv:
        ids = _contacts(srv)
        _log(f"   {srv.properties} definitions in {srv.generated_s:.2f} s; cold starts ({args.runs} each)")
        cold = _cold_starts(srv, ws, args.runs, errors)
        _log(f"   peak memory with contact {ids[0]} loaded")
        memory_kb = _memory(srv, ws, ids[0], errors)
        _log(f"   {args.sessions} session(s): load, replay, later load, save, filter")
        sessions = [_session(srv, ws, ids, args, errors) for _ in range(args.sessions)]
    session = _combine(sessions)
    figures = _figures(cold, memory_kb, session)
    checks = report.checks_for(size, figures, _notes(session))
    return {
        "portal": {"properties": srv.properties, "generated_s": srv.generated_s, "contacts": list(ids),
                   "options": args.options},
        "figures": figures,
        "checks": report.as_json(checks),
        "details": {"cold_start_runs_ms": cold["times"], "cold_start_peak_rss_kb": cold["rss_kb"],
                    "sessions": sessions},
        "errors": errors,
    }


def _platform() -> str:
    given = os.environ.get("QT_QPA_PLATFORM")
    return given if given else "offscreen"


def _warm_up(ws: Workspace) -> None:
    """One untimed bare start: the first spawn reads PySide6 from disk, later ones from the cache.

    The app's own modules are byte-compiled first, as `pip install` does for an installed app. A
    checkout installed with `pip install -e` under PYTHONDONTWRITEBYTECODE (set on some machines,
    and in every child here) has no bytecode, so each cold start would compile ~50 modules from
    source (~12 ms here) while PySide6's come compiled. Nothing is written where that fails."""
    compileall.compile_dir(str(Path(contact_editor.__file__).parent), quiet=2)
    run_child(CHILD, ["bare"], ws.env(), COLD_TIMEOUT_S)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    started = time.perf_counter()
    ws = Workspace(_platform())
    results: dict[str, Any] = {
        "started_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": report.machine(ws.platform),
        "settings": {"sizes": args.sizes, "runs": args.runs, "sessions": args.sessions,
                     "options": args.options,
                     "contacts": args.contacts, "quick": args.quick},
        "targets": report.__doc__,
        "sizes": {},
    }
    try:
        _warm_up(ws)
        for size in args.sizes:
            results["sizes"][str(size)] = run_size(size, args, ws)
    finally:
        ws.cleanup()
    results["wall_s"] = round(time.perf_counter() - started, 1)
    Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(report.table(results))
    print(f"\nFigures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
