"""python -m bench [--postgres] [--requests N] [--no-http] [--keep]

Builds a fresh benchmark database (SQLite file, or the booking_bench database on the local
PostgreSQL server), fills it with national-scale data, measures, and prints the results.
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import time
from pathlib import Path

from bench import http, measure
from bench.load import build, fresh_database, plan_from_environment
from bench.serve import bench_app
from booking.extensions import db

SQLITE_URL = f"sqlite:///{Path(__file__).resolve().parent.parent / 'instance' / 'bench.sqlite3'}"
POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/booking_bench"
SCALE_OUT_CONFIRMATIONS = 20


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--postgres", action="store_true", help="use the local PostgreSQL")
    parser.add_argument("--requests", type=int, help="requests to generate (BENCH_REQUESTS)")
    parser.add_argument("--no-http", action="store_true", help="skip gunicorn measures")
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    parser.add_argument("--reuse", action="store_true", help="measure the database left by --keep")
    return parser.parse_args()


def _database_url(postgres: bool) -> str:
    if postgres:
        return os.environ.get("BENCH_DATABASE_URL", POSTGRES_URL)
    return os.environ.get("BENCH_SQLITE_URL", SQLITE_URL)


def _mark(met: bool | None) -> str:
    return {True: "met", False: "MISSED", None: "-"}[met]


def _print_table(rows: list[tuple[str, str, str, str]]) -> None:
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for n, row in enumerate(rows):
        print("| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) + " |")
        if n == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


def _scale_out(app, plan, url: str) -> tuple[str, str, str, str]:
    slots = [(0, 40)] * SCALE_OUT_CONFIRMATIONS  # one officer, one day, overlapping times
    made = measure.open_requests(app, plan, slots)
    with app.app_context():
        email = db.session.get(measure.User, made[0][1]).email
    results = http.scale_out(url, email, [reference for _id, _officer, reference in made])
    with app.app_context():
        confirmed = db.session.execute(
            measure.select(measure.func.count()).where(
                measure.TalkRequest.id.in_([m[0] for m in made]),
                measure.TalkRequest.status == "confirmed",
            )
        ).scalar_one()
    redirected = sum(1 for _port, status in results if status == 302)
    refused = sum(1 for _port, status in results if status == 200)
    figure = f"{confirmed} confirmed; HTTP: {redirected} x 302, {refused} x 200 (clash shown)"
    return (
        f"Scale out: {SCALE_OUT_CONFIRMATIONS} overlapping confirmations over 2 app servers",
        figure,
        "exactly 1 confirmed",
        _mark(confirmed == 1 and redirected == 1),
    )


def main() -> None:
    arguments = _arguments()
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("booking").setLevel(logging.WARNING)
    url = _database_url(arguments.postgres)
    plan = plan_from_environment(arguments.requests)
    print(f"Benchmark on {'PostgreSQL' if arguments.postgres else 'SQLite'}: {url}")
    print(
        f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    started = time.perf_counter()
    if not arguments.reuse:
        fresh_database(url)
        counts = build(bench_app(url), plan)
        print(f"Data: {', '.join(f'{n:,} {t}' for t, n in counts.items())}")
    built = time.perf_counter() - started

    app = bench_app(url)
    postgres = arguments.postgres
    rows = [("Measure", "Result", "Goal", "Goal met")]
    if not arguments.reuse:
        build_row = ("Build data (migrations, bulk load, analyse)", f"{built:.0f} s")
        rows.append((*build_row, "< 600 s", _mark(built < 600)))
    timings = [measure.demand_report(app, postgres)]
    emails = measure.busiest(app)
    timings += measure.pages(app, postgres, emails)
    rows += [(t.name, t.figure, t.goal, _mark(t.met)) for t in timings]
    rate, note, met = measure.confirmations(app, plan, postgres)
    rows.append(("Confirmations per second", f"{rate:.0f}/s ({note})", ">= 200/s", _mark(met)))
    if not arguments.no_http:
        for name, rate, ratio in http.throughput(url, measure.PAGES, emails):
            goal = "yardstick" if ratio == 1.0 else ">= 0.25 x bare"
            met = None if ratio == 1.0 else ratio >= 0.25
            rows.append(
                (
                    f"gunicorn 2 workers: {name}",
                    f"{rate:,.0f} req/s = {ratio:.2f} x bare",
                    goal,
                    _mark(met),
                )
            )
        if postgres:
            rows.append(_scale_out(app, plan, url))
    with app.app_context():
        db.engine.dispose()
    print(f"\nResults ({plan.requests:,} requests, total {time.perf_counter() - started:.0f} s):\n")
    _print_table(rows)
    if postgres and not arguments.keep:
        from bench.load import drop_database

        drop_database(url)


if __name__ == "__main__":
    main()
