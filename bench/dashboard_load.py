"""Load test of the operations-centre dashboards, served for real.

Builds the Lạng Sơn demo with the real CLI (or uses a demo already built, ``--data-dir``),
serves it with the production server (``dieuhanh serve``: gunicorn, ``config/wsgi.py``
with ``gc.freeze()``), logs in through the login form, and drives it from a second
process on the loopback interface with concurrent clients: each page in turn, bounded
by a number of requests and a duration. Prints p50, p95, p99, the slowest request and
requests per second for each page.

    .venv/bin/python bench/dashboard_load.py                       # build, serve, measure
    .venv/bin/python bench/dashboard_load.py --data-dir /tmp/demo --password '…'
    .venv/bin/python bench/dashboard_load.py --clients 20 --requests 600 --duration 60

Only 127.0.0.1 is ever contacted. Settings: ``config.settings.dev`` with
``DJANGO_DEBUG=0`` (as the browser tests serve the demo): SQLite in the data directory,
Django's per-process ``LocMemCache``. Results: docs/performance.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
DEFAULT_PASSWORD = "bench-mat-khau-2026"
PAGES = {
    "overview": "/ioc/",
    "compare": "/ioc/compare/",
    "map": "/ioc/map/",
    "wall": "/ioc/wall/",
    # For calibration: the smallest page of the site (the login form, no figures).
    "login": "/accounts/login/",
}


# --- the server -------------------------------------------------------------------------


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(
        DIEUHANH_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DJANGO_DEBUG="0",
        DIEUHANH_ACCESS_LOG=str(data_dir / "access.log"),
    )
    return env


def build_demo(data_dir: Path, password: str) -> float:
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "dieuhanh.cli", "demo", "--no-serve", "--password", password],
        env=_env(data_dir),
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.monotonic() - started


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def serve(data_dir: Path, port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "dieuhanh.cli",
            "serve",
            "--host",
            HOST,
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--threads",
            str(threads),
        ],
        env=_env(data_dir),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                conn.close()
                return server
        except OSError:
            pass
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            raise RuntimeError("the server did not start")
        time.sleep(0.3)


# --- a client ---------------------------------------------------------------------------


def _cookies(response: http.client.HTTPResponse, jar: dict[str, str]) -> None:
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            jar[name.strip()] = rest.split(";", 1)[0]


def login(port: int, username: str, password: str) -> dict[str, str]:
    """Log in through the login form (CSRF token and all); returns the cookies."""
    jar: dict[str, str] = {}
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    conn.request("GET", "/accounts/login/")
    response = conn.getresponse()
    html = response.read().decode()
    _cookies(response, jar)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if token is None:
        raise RuntimeError("no CSRF token on the login page")
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
    )
    conn.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
            "Referer": f"http://{HOST}:{port}/accounts/login/",
        },
    )
    response = conn.getresponse()
    response.read()
    _cookies(response, jar)
    conn.close()
    if response.status != 302 or "sessionid" not in jar:
        raise RuntimeError(f"login failed (HTTP {response.status}): check --password")
    return jar


def _drive(
    port: int,
    cookies: dict[str, str],
    path: str,
    clients: int,
    max_requests: int,
    duration: float,
    out: Any,
) -> None:
    """The load: ``clients`` threads, each with its own keep-alive connection, asking
    for ``path`` until ``max_requests`` in all or ``duration`` seconds. Runs in its own
    process, so the clients do not share the server's interpreter."""
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    lock = threading.Lock()
    issued = 0
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + duration

    def client() -> None:
        nonlocal issued
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        while True:
            with lock:
                if issued >= max_requests or time.monotonic() > deadline:
                    break
                issued += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie})
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=60)
                with lock:
                    errors.append(type(exc).__name__)
                continue
            elapsed = time.perf_counter() - started
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                else:
                    errors.append(f"HTTP {status}")
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    out.send({"latencies": latencies, "errors": errors, "wall": wall})
    out.close()


def drive(
    port: int, cookies: dict[str, str], path: str, clients: int, max_requests: int, duration: float
) -> dict[str, Any]:
    parent, child = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.Process(
        target=_drive, args=(port, cookies, path, clients, max_requests, duration, child)
    )
    process.start()
    result: dict[str, Any] = parent.recv()
    process.join()
    return result


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def report(name: str, result: dict[str, Any]) -> dict[str, Any]:
    ms = [v * 1000 for v in result["latencies"]]
    row = {
        "page": name,
        "requests": len(ms),
        "errors": len(result["errors"]),
        "p50": statistics.median(ms) if ms else float("nan"),
        "p95": _percentile(ms, 95),
        "p99": _percentile(ms, 99),
        "max": max(ms) if ms else float("nan"),
        "rps": len(ms) / result["wall"] if result["wall"] else 0.0,
        "seconds": result["wall"],
    }
    if result["errors"]:
        row["error_kinds"] = sorted(set(result["errors"]))
    return row


def server_cpu(server_pid: int) -> float:
    """CPU seconds used so far by the server: the gunicorn master and its workers (from
    /proc; Linux only, else 0). Per request, it is the server's cost whatever else the
    machine is doing."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0
    proc = Path("/proc")
    if not proc.exists():
        return 0.0
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        if pid == server_pid or ppid == server_pid:
            total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / ticks


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, help="a demo already built (kept)")
    parser.add_argument("--password", default=DEFAULT_PASSWORD, help="the demo accounts' password")
    parser.add_argument("--user", default="leader")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000, help="per page, at most")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per page, at most")
    parser.add_argument(
        "--warmup", type=int, default=60, help="requests per warm-up round, not measured"
    )
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (serve's default)")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--pages", default="overview,compare", help=",".join(PAGES))
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    pages = [p for p in args.pages.split(",") if p in PAGES]

    sys.path.insert(0, str(ROOT))
    from dieuhanh.web.management.commands.serve import default_workers

    workers = args.workers or default_workers()
    temporary = args.data_dir is None
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="dieuhanh-bench-"))
    python = platform.python_version()
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {python}")
    print(f"data: {data_dir}{' (temporary)' if temporary else ''}")
    try:
        if temporary:
            print("building the demo (dieuhanh demo --no-serve)…", flush=True)
            print(f"  built in {build_demo(data_dir, args.password):.0f} s")
        port = _free_port()
        server = serve(data_dir, port, workers, args.threads)
        try:
            print(f"serving: gunicorn on {HOST}:{port}, {workers} workers × {args.threads} threads")
            cookies = login(port, args.user, args.password)
            results = []
            for name in pages:
                path = PAGES[name]
                # Warm-up: every worker computes and caches the page once (each gunicorn
                # worker has its own cache). Rounds with as many clients as the load, so
                # every worker is busy, until a round has no slow (cold) request.
                first: dict[str, Any] = {}
                for round_ in range(1, 6):
                    cold = drive(port, cookies, path, args.clients, args.warmup, 180)
                    first = report(f"{name} (warm-up)", cold)
                    print(
                        f"{name}: warm-up round {round_}: {first['requests']} requests, "
                        f"slowest {first['max']:.0f} ms, median {first['p50']:.0f} ms",
                        flush=True,
                    )
                    if round_ == 1:
                        cold_max = first["max"]
                    if first["max"] < 1000:
                        break
                print(f"  load average before: {_load()}", flush=True)
                cpu_before = server_cpu(server.pid)
                row = report(
                    name,
                    drive(port, cookies, path, args.clients, args.requests, args.duration),
                )
                cpu = server_cpu(server.pid) - cpu_before
                row["server_cpu_ms"] = 1000 * cpu / max(1, row["requests"] + row["errors"])
                row["load_after"] = _load()
                row["cold_max"] = cold_max
                results.append(row)
                print(
                    f"  {args.clients} clients: {row['requests']} requests, "
                    f"{row['errors']} errors, p50 {row['p50']:.1f} ms, "
                    f"p95 {row['p95']:.1f} ms, p99 {row['p99']:.1f} ms, "
                    f"max {row['max']:.1f} ms, {row['rps']:.1f} req/s, "
                    f"server CPU {row['server_cpu_ms']:.1f} ms per request "
                    f"(load average after: {row['load_after']})",
                    flush=True,
                )
        finally:
            server.terminate()
            server.wait(timeout=20)
        print()
        print(
            "| page | requests | errors | p50 ms | p95 ms | p99 ms | max ms | req/s "
            "| server CPU ms/request |"
        )
        print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
        for r in results:
            print(
                f"| {r['page']} | {r['requests']} | {r['errors']} | {r['p50']:.1f} | "
                f"{r['p95']:.1f} | {r['p99']:.1f} | {r['max']:.1f} | {r['rps']:.1f} | "
                f"{r['server_cpu_ms']:.1f} |"
            )
        if args.json:
            args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    finally:
        if temporary:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
