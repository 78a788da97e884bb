"""A fresh benchmark database: the real migrations, then the generated rows in bulk.

PostgreSQL takes the rows through COPY; SQLite through executemany in one transaction. Both
skip per-row foreign-key checks while loading (the generator makes every reference valid);
check and exclusion constraints stay on, so the data obeys the diary rules.
"""

from __future__ import annotations

import functools
import os
import time
from pathlib import Path

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from werkzeug.security import generate_password_hash

from bench.data import Calendar, Plan, static_tables
from bench.requests import RequestMaker
from booking.extensions import db

BENCH_PASSWORD = "bench-password-2026"  # noqa: S105 - benchmark accounts on a throwaway database
BATCH = 20_000
PROGRESS = functools.partial(print, flush=True)
TABLES_WITH_IDS = (
    "schools",
    "users",
    "talk_requests",
    "request_options",
    "audit_events",
    "feedback",
    "proposals",
    "availability_windows",
    "time_off",
    "closures",
)


def fresh_database(url: str) -> None:
    """Drop and create the benchmark's own database (never any other)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    drop_database(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def drop_database(url: str) -> None:
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    admin.dispose()


class PostgresWriter:
    def __init__(self, cursor):
        self.cursor = cursor
        cursor.execute("SET session_replication_role = replica")  # no FK triggers while loading

    def write(self, table: str, columns, rows) -> None:
        if not rows:
            return
        lines = "".join(
            "\t".join(["\\N" if v is None else str(v) for v in row]) + "\n" for row in rows
        )
        with self.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            copy.write(lines)

    def finish(self) -> None:
        self.cursor.execute("SET session_replication_role = DEFAULT")
        for table in TABLES_WITH_IDS:
            self.cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
            )


class SQLiteWriter:
    def __init__(self, cursor):
        self.cursor = cursor
        cursor.execute("PRAGMA foreign_keys=OFF")

    def write(self, table: str, columns, rows) -> None:
        if rows:
            marks = ", ".join("?" for _ in columns)
            self.cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
                rows,
            )

    def finish(self) -> None:
        self.cursor.execute("PRAGMA foreign_keys=ON")


REQUEST_TABLES = (
    ("talk_requests", "REQUEST_COLUMNS"),
    ("request_options", "OPTION_COLUMNS"),
    ("audit_events", "AUDIT_COLUMNS"),
    ("feedback", "FEEDBACK_COLUMNS"),
    ("proposals", "PROPOSAL_COLUMNS"),
)


def fill(plan: Plan, progress=PROGRESS) -> dict[str, int]:
    """Write the plan's rows into the current app's database; return the row counts."""
    from bench import data

    topics = [
        tuple(row)
        for row in db.session.execute(
            text("SELECT id, for_primary, for_secondary, default_length FROM topics ORDER BY id")
        )
    ]
    db.session.commit()
    calendar = Calendar(plan)
    counts: dict[str, int] = {}
    spent: dict[str, float] = {}
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        postgres = db.engine.dialect.name == "postgresql"
        writer = PostgresWriter(cursor) if postgres else SQLiteWriter(cursor)
        for table, (columns, rows) in static_tables(plan, calendar, [t[0] for t in topics]).items():
            writer.write(table, columns, rows)
            counts[table] = len(rows)
        started = time.perf_counter()
        for batch in RequestMaker(plan, calendar, topics).batches(BATCH):
            for table, columns_name in REQUEST_TABLES:
                rows = getattr(batch, table)
                began = time.perf_counter()
                writer.write(table, getattr(data, columns_name), rows)
                spent[table] = spent.get(table, 0) + time.perf_counter() - began
                counts[table] = counts.get(table, 0) + len(rows)
            done = counts["talk_requests"]
            if done % 200_000 < BATCH:
                progress(f"  {done:>9,} requests  {time.perf_counter() - started:6.1f} s")
        writer.finish()
        raw.commit()
        progress("  writing: " + ", ".join(f"{t} {s:.1f} s" for t, s in spent.items()))
    finally:
        raw.close()
    return counts


def analyse() -> None:
    """Fresh planner statistics and visibility map, as autovacuum would leave a live system."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    else:
        with db.engine.begin() as connection:
            connection.execute(text("ANALYZE"))


def build(app: Flask, plan: Plan, progress=PROGRESS) -> dict[str, int]:
    with app.app_context():
        upgrade()
        counts = fill(plan, progress)
        analyse()
        db.engine.dispose()
    return counts


def plan_from_environment(requests: int | None = None) -> Plan:
    size = requests or int(os.environ.get("BENCH_REQUESTS", "1000000"))
    password_hash = generate_password_hash(BENCH_PASSWORD, method="pbkdf2:sha256:1000")
    return Plan(requests=size, password_hash=password_hash)
