"""Measures over HTTP on loopback: pages under gunicorn against a bare Flask route, and two
app servers sharing one database (the scale-out check).

Only 127.0.0.1 is ever contacted; every load run is bounded in time.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

from bench.load import BENCH_PASSWORD

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _wait_until_listening(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn on port {port} exited with {process.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn on port {port} did not start")


@contextmanager
def gunicorn(target: str, database_url: str, *, workers: int = 2, threads: int = 1):
    """Serve `target` (bench.serve:app or :bare) on a free loopback port; yield the port."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "BENCH_SERVE": "app"}
    command = [GUNICORN, "--workers", str(workers), "--threads", str(threads)]
    command += ["--bind", f"{HOST}:{port}", "--log-level", "warning", target]
    process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - fixed arguments
    try:
        _wait_until_listening(port, process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def sign_in(port: int, email: str) -> str:
    """The session cookie of a fresh sign-in, as a Cookie header value."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    body = urllib.parse.urlencode({"email": email, "password": BENCH_PASSWORD})
    connection.request(
        "POST", "/sign-in", body, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    response = connection.getresponse()
    response.read()
    cookie = response.getheader("Set-Cookie", "")
    connection.close()
    if response.status != 302 or not cookie:
        raise RuntimeError(f"{email} could not sign in over HTTP ({response.status})")
    return cookie.split(";", 1)[0]


def wrk(port: int, path: str, cookie: str = "", seconds: int = 5) -> float:
    """Requests per second from wrk (1 thread, 8 connections); error answers make it fail."""
    command = ["wrk", "-t1", "-c8", f"-d{seconds}s", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(  # noqa: S603 - fixed arguments, loopback only
        [*command, f"http://{HOST}:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    if "Non-2xx or 3xx responses" in output:
        raise RuntimeError(f"wrk saw errors on {path}:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def throughput(database_url: str, pages, emails: dict[str, str]) -> list[tuple[str, float, float]]:
    """(name, requests per second, ratio to the bare route) for each page, bare route first."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    with gunicorn("bench.serve:bare", database_url) as port:
        bare = wrk(port, "/")
    found = [("Bare Flask route (yardstick)", bare, 1.0)]
    with gunicorn("bench.serve:app", database_url) as port:
        cookies = {role: sign_in(port, email) for role, email in emails.items()}
        for name, role, path in pages:
            rate = wrk(port, path, cookies[role])
            found.append((name, rate, rate / bare))
    return found


def _confirm(port: int, cookie: str, reference: str, results: list, barrier) -> None:
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    body = urllib.parse.urlencode({"confirm-option": "1", "confirm-start_time": "10:00"})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
    barrier.wait()
    connection.request("POST", f"/officer/requests/{reference}/confirm", body, headers)
    response = connection.getresponse()
    response.read()
    results.append((port, response.status))
    connection.close()


def scale_out(database_url: str, officer_email: str, references: list[str]) -> list[tuple]:
    """Confirm overlapping requests of one officer at once, half through each of two servers."""
    with (
        gunicorn("bench.serve:app", database_url, threads=4) as first,
        gunicorn("bench.serve:app", database_url, threads=4) as second,
    ):
        cookie = sign_in(first, officer_email)  # one session, valid on both servers
        results: list[tuple] = []
        barrier = threading.Barrier(len(references))
        threads = [
            threading.Thread(
                target=_confirm,
                args=((first, second)[n % 2], cookie, reference, results, barrier),
            )
            for n, reference in enumerate(references)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return results
