"""The logs of a whole journey: they name who did what from where, and never carry a password,
a token, a session cookie or the text of a note."""

from __future__ import annotations

import logging
import re

from booking.extensions import db
from booking.models import OutboxMessage, TalkRequest, User
from tests.factories import PASSWORD
from tests.web.test_teacher_request_form import form_data

NEW_PASSWORD = "teacher-password-2026"  # noqa: S105 - test value searched for in the logs
RESET_PASSWORD = "after-the-reset-2026"  # noqa: S105
NOTE = "Pupil X in year 5 has a social worker"


def _link(pattern: str) -> str:
    message = (
        db.session.execute(db.select(OutboxMessage).order_by(OutboxMessage.id.desc()))
        .scalars()
        .first()
    )
    return (
        re.search(rf"http://\S+{pattern}\S+", message.body_text)
        .group(0)
        .removeprefix("http://localhost")
    )


def _journey(client, make) -> dict:
    """Every step the issue names; returns the secrets that must stay out of the logs."""
    school = make.school(email_domains="oakfield.sch.uk", domains_staff_only=True)
    topic = make.topic()
    officer, cover, coordinator = make.officer(), make.officer(), make.coordinator()
    pending = make.teacher(school, email="pat@gmail.example", status="pending")
    db.session.commit()
    account = {
        "full_name": "Jo Evans",
        "email": "jo@oakfield.sch.uk",
        "school": str(school.id),
        "job_title": "Teacher",
        "telephone": "01632 960001",
        "password": NEW_PASSWORD,
        "confirm_password": NEW_PASSWORD,
    }
    client.post("/create-account", data=account)
    confirm_link = _link("/create-account/confirm/")
    client.post(confirm_link)
    cookie = client.get_cookie("booking_session").value
    client.post(
        "/teacher/requests/new", data=form_data(topic, notes=NOTE, first_day=["23", "3", "2026"])
    )
    assert db.session.execute(db.select(TalkRequest.notes)).scalar_one() == NOTE
    assert client.get("/coordinator/requests").status_code == 403
    client.post("/sign-out")
    client.post("/sign-in", data={"email": officer.email, "password": "wrong-password-1"})
    client.post("/sign-in", data={"email": officer.email, "password": PASSWORD})
    talk = db.session.execute(db.select(TalkRequest)).scalar_one()
    client.post(
        f"/officer/requests/{talk.reference}/confirm",
        data={"confirm-option": "1", "confirm-start_time": "10:00"},
    )
    client.post("/sign-out")
    client.post("/sign-in", data={"email": coordinator.email, "password": PASSWORD})
    client.post(f"/coordinator/users/{pending.id}/approve")
    client.post(  # the officer's session goes to another officer before the account closes
        f"/coordinator/users/{officer.id}/leaving",
        data={
            "session": talk.reference,
            "what": "give",
            f"{talk.reference}-give-officer": cover.id,
        },
    )
    client.post(f"/coordinator/users/{officer.id}/deactivate")
    client.post("/sign-out")
    client.post("/reset-password", data={"email": "jo@oakfield.sch.uk"})
    reset_link = _link("/reset-password/")
    client.post(reset_link, data={"password": RESET_PASSWORD, "confirm_password": RESET_PASSWORD})
    db.session.expire_all()
    assert db.session.get(User, officer.id).status == "deactivated"
    assert db.session.get(User, pending.id).status == "active"
    assert db.session.execute(db.select(TalkRequest.status)).scalar_one() == "confirmed"
    return {
        "password": NEW_PASSWORD,
        "reset password": RESET_PASSWORD,
        "demo password": PASSWORD,
        "confirm token": confirm_link.rsplit("/", 1)[1],
        "reset token": reset_link.rsplit("/", 1)[1],
        "session cookie": cookie,
        "note": NOTE,
        "note fragment": "social worker",
        "officer": officer,
        "coordinator": coordinator,
        "pending": pending,
    }


def test_a_journeys_logs_hold_who_and_where_but_no_secret_or_note(app, client, make, caplog):
    with caplog.at_level(logging.DEBUG):
        found = _journey(client, make)
    logs = "\n".join(record.getMessage() for record in caplog.records)
    for name, secret in found.items():
        if isinstance(secret, str):
            assert secret not in logs, f"the {name} appears in the logs"
    officer, coordinator, pending = found["officer"], found["coordinator"], found["pending"]
    teacher = db.session.execute(
        db.select(User).where(User.email == "jo@oakfield.sch.uk")
    ).scalar_one()
    expected = [
        f"account_created actor={teacher.id} subject={teacher.id}",
        f"sign_in_failed actor=None subject={officer.id}",
        f"sign_in actor={officer.id} subject={officer.id}",
        f"403 user={teacher.id} role=teacher path=/coordinator/requests ip=127.0.0.1",
        f"account_status_changed actor={coordinator.id} subject={pending.id} request=None "
        "from=pending to=active ip=127.0.0.1",
        f"account_status_changed actor={coordinator.id} subject={officer.id} request=None "
        "from=active to=deactivated ip=127.0.0.1",
        f"password_changed actor={teacher.id} subject={teacher.id}",
    ]
    for line in expected:
        assert line in logs, f"missing from the logs: {line}"
    for record in caplog.records:
        if record.name == "booking.audit" and record.getMessage().startswith("sign_in"):
            assert "ip=127.0.0.1" in record.getMessage()


def test_a_forbidden_path_with_a_line_break_writes_one_escaped_log_line(
    client, make, sign_in, caplog
):
    teacher = make.teacher()
    db.session.commit()
    sign_in(teacher)
    forged = "2026-12-02 INFO booking.audit: sign_in actor=1 subject=1 ip=10.0.0.1"
    with caplog.at_level(logging.INFO):
        # CR and LF in a path are not found before any view (tests/web/test_input_cleaning.py);
        # a Unicode line separator gets as far as the 403 and its log line.
        response = client.get(f"/coordinator/requests/SB-1%E2%80%A8{forged.replace(' ', '%20')}")
    assert response.status_code == 403
    lines = [record.getMessage() for record in caplog.records if record.name == "booking.security"]
    assert lines == [
        f"403 user={teacher.id} role=teacher path=/coordinator/requests/SB-1\\u2028{forged} "
        "ip=127.0.0.1"
    ]
    assert not any(c in r.getMessage() for r in caplog.records for c in ("\n", "\r", "\u2028"))


def test_every_log_value_is_escaped_and_numbers_keep_their_format(app, caplog):
    from booking.log_lines import escape, get_logger

    assert escape("a\nb\r\tc\x1b[31m\x00\u2028\\n é") == "a\\nb\\r\\tc\\x1b[31m\\x00\\u2028\\\\n é"
    logger = get_logger("booking.test")
    with caplog.at_level(logging.INFO):
        logger.info("%s took %.1f s (%d)", "x\ny", 1.25, 3)
        logger.info("bare\nmessage")
        app.logger.warning("Rate limit hit on %s", "/a\n/b")
    assert [record.getMessage() for record in caplog.records] == [
        "x\\ny took 1.2 s (3)",
        "bare\\nmessage",
        "Rate limit hit on /a\\n/b",
    ]


def test_the_services_loggers_all_escape_their_values():
    """A new module must get its logger from booking.log_lines, never logging.getLogger."""
    from pathlib import Path

    import booking

    package = Path(booking.__file__).parent
    unescaped = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "logging.getLogger(" in path.read_text(encoding="utf-8")
        and path.name not in {"log_lines.py", "__init__.py"}
    ]
    assert unescaped == []
