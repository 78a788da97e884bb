"""python -m bench.explain [DATABASE_URL]: the plans PostgreSQL chooses for the statements that
read talk_requests while the measured pages render (and for the demand report).

Statements are captured as the pages really send them, then run again under EXPLAIN ANALYZE.
"""

from __future__ import annotations

import sys

from sqlalchemy import event

from bench import measure
from bench.__main__ import POSTGRES_URL
from bench.load import BENCH_PASSWORD
from bench.serve import bench_app
from booking.extensions import db

PATHS = [(name, role, path) for name, role, path in measure.PAGES]
PATHS.append(("Coordinator: Demand by topic", "coordinator", "/coordinator/demand"))


def captured(app, role_email: str, path: str) -> list[tuple[str, dict]]:
    client = app.test_client()
    client.post("/sign-in", data={"email": role_email, "password": BENCH_PASSWORD})
    found: list[tuple[str, dict]] = []

    def keep(_connection, _cursor, statement, parameters, *_args):
        if "talk_requests" in statement:
            found.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", keep)
    try:
        client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    return found


def main() -> None:
    url = sys.argv[1] if len(sys.argv) > 1 else POSTGRES_URL
    app = bench_app(url)
    emails = measure.busiest(app)
    for name, role, path in PATHS:
        print(f"\n## {name} ({path})")
        for statement, parameters in captured(app, emails[role], path):
            with app.app_context():
                raw = db.engine.raw_connection()
                try:
                    cursor = raw.cursor()
                    cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + statement, parameters)
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                finally:
                    raw.close()
            print("\n" + " ".join(statement.split())[:300] + "\n" + plan)


if __name__ == "__main__":
    main()
