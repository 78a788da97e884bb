"""The database connection dies in the middle of a request: the user gets the error page,
nothing half-written stays, and the next request works (pool_pre_ping).

PostgreSQL only: SQLite is a file in the app's own process, with no connection to lose.
tests/production repeats the mid-request case through gunicorn."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.orm import Session

from booking.extensions import db
from booking.models import AuditEvent, OutboxMessage, TalkRequest
from tests.conftest import RequestPerContextClient
from tests.factories import PASSWORD
from tests.web.test_teacher_request_form import form_data


@pytest.fixture
def kill_after_first_flush(database_url):
    """Once armed, terminates the connection of the next session that flushes, from another
    connection, as a database restart or a network cut would."""
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    state = {"armed": False, "killed": []}

    def terminate(session: Session, _context) -> None:
        if not state["armed"]:
            return
        state["armed"] = False
        pid = session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
        with admin.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        state["killed"].append(pid)

    event.listen(Session, "after_flush", terminate)
    yield state
    event.remove(Session, "after_flush", terminate)
    admin.dispose()


def _count(model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.mark.parametrize("backend", ["postgresql"])
def test_a_dropped_connection_mid_request_loses_nothing_and_the_next_request_works(
    app, make, kill_after_first_flush
):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.test_client_class = RequestPerContextClient
    client = app.test_client()
    teacher = make.teacher()
    topic = make.topic()
    db.session.commit()
    client.post("/sign-in", data={"email": teacher.email, "password": PASSWORD})
    audit_before = _count(AuditEvent)
    kill_after_first_flush["armed"] = True
    response = client.post("/teacher/requests/new", data=form_data(topic))
    assert kill_after_first_flush["killed"], "the connection was not dropped"
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.get_data(as_text=True)
    assert "Nothing you entered has been saved" in response.get_data(as_text=True)
    db.session.rollback()
    assert (_count(TalkRequest), _count(OutboxMessage)) == (0, 0)
    assert _count(AuditEvent) == audit_before
    assert client.get("/teacher/requests").status_code == 200
    response = client.post("/teacher/requests/new", data=form_data(topic, submission_key="again"))
    assert response.status_code == 302
    assert _count(TalkRequest) == 1


@pytest.mark.parametrize("backend", ["postgresql"])
def test_connections_dropped_between_requests_are_replaced(app, make, database_url):
    """A database restart kills every pooled connection: pool_pre_ping finds and replaces them."""
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_pre_ping"] is True
    app.test_client_class = RequestPerContextClient
    client = app.test_client()
    teacher = make.teacher()
    db.session.commit()
    client.post("/sign-in", data={"email": teacher.email, "password": PASSWORD})
    assert client.get("/teacher/requests").status_code == 200
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        dropped = connection.execute(
            text(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ).scalar_one()
    admin.dispose()
    assert dropped >= 1
    db.session.rollback()
    assert client.get("/teacher/requests").status_code == 200
