"""Figures per portal size, checked against issue 5's targets, and the table that shows them.

Each check is one line of the table: the figure, its value, its baseline measured in the same run,
the target and PASS or MISS ("-" where the issue sets no target, "n/a" where the figure could not
be measured). Targets: cold start <= 1.5x the bare window; the app's own share of a load <= 150 ms
up to 1,000 properties and <= 400 ms above; first fields painted <= 100 ms after the last response;
no GUI-thread stall over 50 ms; a filter keystroke <= 50 ms; a later load 1 request; a save 1 PATCH
plus 1 read; peak memory <= 2x the bare window's.
"""

from __future__ import annotations

import os
import platform
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

COLD_START_RATIO = 1.5
SHARE_SMALL_MS, SHARE_LARGE_MS, SHARE_SMALL_UP_TO = 150.0, 400.0, 1000
FIRST_FIELDS_MS = 100.0
STALL_MS = 50.0
KEYSTROKE_MS = 50.0
MEMORY_RATIO = 2.0

# Every size's "figures" has these keys (None where a figure could not be measured).
FIGURE_KEYS = (
    "cold_start_ms", "cold_start_bare_ms", "load_usable_ms", "load_http_ms", "load_app_share_ms",
    "load_fully_built_ms", "first_fields_after_response_ms", "later_load_usable_ms", "save_ms",
    "stall_idle_ms", "stall_load_ms", "stall_later_load_ms", "stall_save_ms", "stall_filter_ms",
    "filter_keystroke_ms", "peak_rss_mib", "peak_rss_bare_mib", "requests_first_load",
    "requests_later_load", "requests_save", "requests_save_patch", "requests_save_read",
)  # fmt: skip


@dataclass(frozen=True)
class Check:
    figure: str
    value: str
    baseline: str
    target: str
    result: str  # PASS, MISS, "-" (no target) or "n/a" (not measured)


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"


def _mib(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f} MiB"


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else "PASS" if ok else "MISS"


def _at_most(value: float | None, limit: float | None) -> bool | None:
    return None if value is None or limit is None else value <= limit


def checks_for(size: int, f: Mapping[str, Any], notes: Mapping[str, str]) -> list[Check]:
    """The table's lines for one size, from its figures (see FIGURE_KEYS)."""
    bare, cold = f["cold_start_bare_ms"], f["cold_start_ms"]
    cold_limit = None if bare is None else bare * COLD_START_RATIO
    share_limit = SHARE_SMALL_MS if size <= SHARE_SMALL_UP_TO else SHARE_LARGE_MS
    idle = f"probe idle {_ms(f['stall_idle_ms'])}"
    mem_bare = f["peak_rss_bare_mib"]
    mem_limit = None if mem_bare is None else mem_bare * MEMORY_RATIO
    built = f["load_fully_built_ms"]
    filter_na = notes.get("filter", "")
    save_patch, save_read = f["requests_save_patch"], f["requests_save_read"]
    save_value = "n/a" if f["requests_save"] is None else f"{save_patch} PATCH + {save_read} read"
    save_ok = None if f["requests_save"] is None else (save_patch, save_read, f["requests_save"]) == (1, 1, 2)
    later = f["requests_later_load"]
    ratio = "" if cold is None or not bare else f" ({cold / bare:.2f}x)"
    return [
        Check("cold start to window shown", _ms(cold) + ratio, f"bare window {_ms(bare)}",
              f"<= {COLD_START_RATIO}x bare ({_ms(cold_limit)})", _verdict(_at_most(cold, cold_limit))),
        Check("Load pressed -> form usable", _ms(f["load_usable_ms"]), f"plain HTTP {_ms(f['load_http_ms'])}",
              "-", "-"),
        Check("app's own share of the load", _ms(f["load_app_share_ms"]), "usable - plain HTTP",
              f"<= {_ms(share_limit)}", _verdict(_at_most(f["load_app_share_ms"], share_limit))),
        Check("Load pressed -> fully built", _ms(built) if built is not None else notes.get("built", "n/a"),
              "-", "-", "-"),
        Check("first fields after response", _ms(f["first_fields_after_response_ms"]), "-",
              f"<= {_ms(FIRST_FIELDS_MS)}", _verdict(_at_most(f["first_fields_after_response_ms"],
                                                              FIRST_FIELDS_MS))),
        Check("later load -> form usable", _ms(f["later_load_usable_ms"]), "-", "-", "-"),
        Check("save pressed -> saved", _ms(f["save_ms"]), "-", "-", "-"),
        *(Check(f"longest stall: {what}", _ms(f[key]) if f[key] is not None else (filter_na or "n/a"),
                idle, f"<= {_ms(STALL_MS)}", _verdict(_at_most(f[key], STALL_MS)))
          for what, key in (("first load", "stall_load_ms"), ("later load", "stall_later_load_ms"),
                            ("save", "stall_save_ms"), ("filtering", "stall_filter_ms"))),
        Check("filter keystroke (worst)",
              _ms(f["filter_keystroke_ms"]) if f["filter_keystroke_ms"] is not None else (filter_na or "n/a"),
              idle, f"<= {_ms(KEYSTROKE_MS)}",
              _verdict(_at_most(f["filter_keystroke_ms"], KEYSTROKE_MS))),
        Check("peak memory, contact loaded", _mib(f["peak_rss_mib"]) + (
              f" ({f['peak_rss_mib'] / mem_bare:.2f}x)" if f["peak_rss_mib"] and mem_bare else ""),
              f"bare window {_mib(mem_bare)}", f"<= {MEMORY_RATIO:g}x bare ({_mib(mem_limit)})",
              _verdict(_at_most(f["peak_rss_mib"], mem_limit))),
        Check("requests: first load", _count(f["requests_first_load"]), notes.get("first_load", "-"),
              "-", "-"),
        Check("requests: later load", _count(later), "-", "1",
              _verdict(None if later is None else later == 1)),
        Check("requests: save", save_value, "-", "1 PATCH + 1 read", _verdict(save_ok)),
    ]  # fmt: skip


def _count(value: int | None) -> str:
    return "n/a" if value is None else str(value)


def table(results: Mapping[str, Any]) -> str:
    """The printed report: machine, settings, then one block of checks per size."""
    m, settings = results["machine"], results["settings"]
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']:.1f} GiB RAM, {m['os']}",
        f"Python {m['python']}, PySide6 {m['pyside6']} (Qt {m['qt']}), Qt platform {m['qt_platform']}",
        f"Medians of {settings['runs']} cold starts per window and {settings.get('sessions', 1)} session(s) "
        f"per size; dropdown options: {settings['options']:,}; wall time {results['wall_s']:.0f} s",
        "",
    ]
    header = ("properties", "figure", "value", "baseline", "target", "result")
    rows: list[tuple[str, ...]] = []
    for size, entry in results["sizes"].items():
        rows.extend((size, c["figure"], c["value"], c["baseline"], c["target"], c["result"])
                    for c in entry["checks"])
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    lines.append(fmt.format(*header).rstrip())
    lines.append("  ".join("-" * w for w in widths))
    previous = None
    for row in rows:
        shown = row if row[0] != previous else ("", *row[1:])
        previous = row[0]
        lines.append(fmt.format(*shown).rstrip())
    for size, entry in results["sizes"].items():
        lines.extend(f"note ({size}): {note}" for note in entry.get("errors", []))
    passed = sum(c["result"] == "PASS" for e in results["sizes"].values() for c in e["checks"])
    missed = sum(c["result"] == "MISS" for e in results["sizes"].values() for c in e["checks"])
    lines.append(f"\n{passed} PASS, {missed} MISS")
    return "\n".join(lines)


def as_json(checks: list[Check]) -> list[dict[str, str]]:
    return [asdict(c) for c in checks]


def machine(qt_platform: str) -> dict[str, Any]:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count() or 0,
        "ram_gib": _ram_kib() / 1024 / 1024,
        "os": platform.platform(terse=True),
        "python": platform.python_version(),
        "pyside6": pyside_version,
        "qt": qVersion(),
        "qt_platform": qt_platform,
        "executable": sys.executable,
    }


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.lower().startswith(("model name", "hardware", "processor\t: ")) and ":" in line:
                    value = line.split(":", 1)[1].strip()
                    if value and not value.isdigit():
                        return value
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def _ram_kib() -> float:
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemTotal:"):
                    return float(line.split()[1])
    except OSError:
        pass
    return 0.0
