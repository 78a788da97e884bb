"""The production set-up of the README's deployment section, on this machine.

A database of its own on the PostgreSQL server, migrated with `flask db upgrade`; gunicorn
with the production configuration and two workers (more than one app server when asked);
the mail worker; rate limits in Redis under a prefix of their own; and an SMTP sink
(aiosmtpd) that keeps every message it receives. Everything runs as separate processes, as
it would on a server, and is stopped at the end.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.smtp import SmtpServer, free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


class Stack:
    def __init__(
        self, server_url: str, redis_url: str, workdir: Path, *, smtp=None, **settings: str
    ) -> None:
        self.database = f"booking_prod_{uuid.uuid4().hex[:10]}"
        self._admin_url = make_url(server_url)
        self.database_url = self._admin_url.set(database=self.database).render_as_string(
            hide_password=False
        )
        self.smtp = smtp or SmtpServer()
        self.workdir = workdir
        self.env = {
            **os.environ,
            "BOOKING_CONFIG": "production",
            "SECRET_KEY": secrets.token_hex(32),
            "DATABASE_URL": self.database_url,
            "RATELIMIT_STORAGE_URI": redis_url,
            "RATELIMIT_KEY_PREFIX": f"prodcheck-{uuid.uuid4().hex[:8]}",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": str(self.smtp.port),
            "MAIL_WORKER_POLL_SECONDS": "2",
            # TLS ends at the proxy in production; here the client says so itself.
            "PROXY_FIX_HOPS": "1",
            "LOG_LEVEL": "WARNING",
            **settings,
        }
        self.servers: list[str] = []
        self._processes: list[subprocess.Popen] = []
        self._logs: list = []

    # Setting up -------------------------------------------------------------------------
    def start(self, app_servers: int = 1) -> None:
        self._create_database()
        self.smtp.start()
        self.flask("db", "upgrade")
        self.start_mail_worker()
        for _ in range(app_servers):
            self.servers.append(self.start_gunicorn())

    def start_gunicorn(self, workers: int = 2, **env) -> str:
        port = free_port()
        address = f"http://127.0.0.1:{port}"
        self.env.setdefault("SERVER_BASE_URL", address)  # e-mail links lead to the first
        process = self._spawn(
            [
                str(BIN / "gunicorn"),
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "30",
                "wsgi:app",
            ],
            env,
            "gunicorn",
        )
        self._wait_until_serving(address, process)
        return address

    def start_mail_worker(self) -> subprocess.Popen:
        return self._spawn([str(BIN / "flask"), "--app", "booking", "mail-worker"], {}, "worker")

    def flask(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(  # noqa: S603 - our own command line
            [str(BIN / "flask"), "--app", "booking", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"flask {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
        return result

    def sql(self, statement: str, **params):
        engine = create_engine(self.database_url.replace("postgresql://", "postgresql+psycopg://"))
        try:
            with engine.begin() as connection:
                result = connection.execute(text(statement), params)
                return result.all() if result.returns_rows else None
        finally:
            engine.dispose()

    # Tearing down -----------------------------------------------------------------------
    def stop(self) -> None:
        for process in self._processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self._processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in self._logs:
            log.close()
        self.smtp.stop()
        admin = create_engine(self._admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)'))
        admin.dispose()

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-4000:]}"
            for path in sorted(self.workdir.glob("*.log"))
        )

    # Helpers ----------------------------------------------------------------------------
    def _create_database(self) -> None:
        admin = create_engine(self._admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{self.database}"'))
        admin.dispose()

    def _spawn(self, command: list[str], env: dict, name: str) -> subprocess.Popen:
        log = (self.workdir / f"{name}-{len(self._processes)}.log").open("w")
        self._logs.append(log)
        process = subprocess.Popen(  # noqa: S603 - our own command line
            command,
            cwd=ROOT,
            env={**self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self._processes.append(process)
        return process

    def _wait_until_serving(self, address: str, process: subprocess.Popen) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{self.logs()}")
            try:
                with urllib.request.urlopen(address + "/", timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer on {address}:\n{self.logs()}")
