"""The sandbox for one portal size, served from a process of its own.

    python -m contact_editor.bench.server --properties 5000 --contacts 3 --options 5000

generates the portal in memory (`Seed.generated`), starts a `Sandbox` on loopback with rate limits
out of the way, and prints one JSON line: {"url", "control", "generated_s", "properties",
"contact_ids"}. `control` is a second loopback server for the benchmark itself (its calls are
never recorded by the sandbox):

    GET  /requests  -> [{"method", "path", "query", "body"}, ...]   (the sandbox's `requests`)
    POST /clear     -> forget the requests recorded so far

The server stops when its standard input closes (the parent exits or calls `stop()`). Serving from
another process keeps the sandbox's own Python work off the app's interpreter lock, as a real
HubSpot would be.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests

from contact_editor.sandbox import DEMO_TOKEN, Sandbox, Seed

UNLIMITED = 10**9
_START_TIMEOUT_S = 120.0


def _recorded(sandbox: Sandbox) -> list[dict[str, Any]]:
    return [
        {"method": r.method, "path": r.path, "query": r.query, "body": r.body} for r in sandbox.requests
    ]


def _control_handler(sandbox: Sandbox) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # http.server's naming
            if self.path == "/requests":
                self._answer(200, _recorded(sandbox))
            else:
                self._answer(404, {"error": "unknown"})

        def do_POST(self) -> None:
            if self.path == "/clear":
                sandbox.clear_requests()
                self._answer(200, {"ok": True})
            else:
                self._answer(404, {"error": "unknown"})

        def _answer(self, status: int, data: object) -> None:
            body = json.dumps(data).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


def serve(properties: int, contacts: int, options: int) -> None:
    started = time.perf_counter()
    seed = Seed.generated(properties=properties, contacts=contacts, options=options, rng_seed=0)
    sandbox = Sandbox(seed=seed, token=DEMO_TOKEN, burst=UNLIMITED, daily=UNLIMITED,
                      search_per_second=UNLIMITED)  # fmt: skip
    url = sandbox.start()
    generated = time.perf_counter() - started
    control = ThreadingHTTPServer(("127.0.0.1", 0), _control_handler(sandbox))
    threading.Thread(target=control.serve_forever, daemon=True).start()
    info = {
        "url": url,
        "control": f"http://127.0.0.1:{control.server_address[1]}",
        "generated_s": round(generated, 3),
        "properties": len(seed.properties),
        "contact_ids": sandbox.contact_ids(),
    }
    print(json.dumps(info), flush=True)
    try:
        sys.stdin.read()  # until the parent closes our input
    finally:
        control.shutdown()
        sandbox.stop()


class Control:
    """The benchmark's side of the control server."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._session = requests.Session()

    def requests(self) -> list[dict[str, Any]]:
        answer = self._session.get(f"{self.url}/requests", timeout=30)
        answer.raise_for_status()
        data: list[dict[str, Any]] = answer.json()
        return data

    def clear(self) -> None:
        self._session.post(f"{self.url}/clear", timeout=30).raise_for_status()

    def close(self) -> None:
        self._session.close()


class PortalServer:
    """Start `python -m contact_editor.bench.server` and read its address line."""

    def __init__(self, properties: int, contacts: int, options: int, env: dict[str, str]) -> None:
        command = [sys.executable, "-m", "contact_editor.bench.server", "--properties", str(properties),
                   "--contacts", str(contacts), "--options", str(options)]  # fmt: skip
        self._proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True
        )
        assert self._proc.stdout is not None
        line = _read_line(self._proc, _START_TIMEOUT_S)
        info = json.loads(line)
        self.url: str = info["url"]
        self.control = Control(info["control"])
        self.generated_s: float = info["generated_s"]
        self.properties: int = info["properties"]
        self.contact_ids: list[str] = info["contact_ids"]

    def stop(self) -> None:
        self.control.close()
        if self._proc.stdin is not None:
            self._proc.stdin.close()
        try:
            self._proc.wait(10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        if self._proc.stdout is not None:
            self._proc.stdout.close()

    def __enter__(self) -> PortalServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _read_line(proc: subprocess.Popen[str], timeout: float) -> str:
    result: list[str] = []
    assert proc.stdout is not None
    stdout = proc.stdout
    reader = threading.Thread(target=lambda: result.append(stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    if not result or not result[0].strip():
        proc.kill()
        proc.wait()
        raise RuntimeError(f"the benchmark's sandbox did not start (exit code {proc.returncode})")
    return result[0]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m contact_editor.bench.server")
    parser.add_argument("--properties", type=int, required=True)
    parser.add_argument("--contacts", type=int, default=3)
    parser.add_argument("--options", type=int, default=5000)
    args = parser.parse_args(argv)
    serve(args.properties, args.contacts, args.options)
    return 0


if __name__ == "__main__":
    sys.exit(main())
